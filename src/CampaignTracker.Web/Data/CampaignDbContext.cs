using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Data;

/// <summary>
/// The one DbContext. Each provider has a subclass so that each has its own migrations
/// (Data/Migrations/Sqlite, Data/Migrations/SqlServer); only the configured one is registered.
/// </summary>
public abstract class CampaignDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Brand> Brands => Set<Brand>();
    public DbSet<UserBrand> UserBrands => Set<UserBrand>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Influencer> Influencers => Set<Influencer>();
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<TrackingRow> TrackingRows => Set<TrackingRow>();
    public DbSet<Payout> Payouts => Set<Payout>();
    public DbSet<Upload> Uploads => Set<Upload>();
    public DbSet<UploadFile> UploadFiles => Set<UploadFile>();
    public DbSet<Setting> Settings => Set<Setting>();
    public DbSet<SalesDaily> SalesDaily => Set<SalesDaily>();
    public DbSet<PostDaily> PostDaily => Set<PostDaily>();
    public DbSet<InfluencerTotal> InfluencerTotals => Set<InfluencerTotal>();
    public DbSet<DataVersion> DataVersions => Set<DataVersion>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CampaignDbContext).Assembly);
    }
}

public sealed class SqliteCampaignDbContext(DbContextOptions<SqliteCampaignDbContext> options) : CampaignDbContext(options);

public sealed class SqlServerCampaignDbContext(DbContextOptions<SqlServerCampaignDbContext> options) : CampaignDbContext(options);

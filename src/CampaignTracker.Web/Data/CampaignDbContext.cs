using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Data;

/// <summary>
/// The one DbContext. Each provider has a subclass so that each has its own migrations
/// (Data/Migrations/Sqlite, Data/Migrations/SqlServer); only the configured one is registered.
/// </summary>
public abstract class CampaignDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Cookie and antiforgery keys, shared by every app instance on this database (DESIGN.md, Scale-out).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
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
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<PayoutRun> PayoutRuns => Set<PayoutRun>();
    public DbSet<PayoutRunLine> PayoutRunLines => Set<PayoutRunLine>();
    public DbSet<Budget> Budgets => Set<Budget>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CampaignDbContext).Assembly);

        // Foreign keys get the indexes named here, not one each by convention (see ConfigureConventions).
        builder.Entity<IdentityRoleClaim<string>>().HasIndex(x => x.RoleId);
        builder.Entity<IdentityUserClaim<string>>().HasIndex(x => x.UserId);
        builder.Entity<IdentityUserLogin<string>>().HasIndex(x => x.UserId);
        builder.Entity<IdentityUserRole<string>>().HasIndex(x => x.RoleId);
    }

    /// <summary>
    /// No automatic index per foreign key: raw tracking rows are only scanned whole (snapshot refresh)
    /// or deleted by upload, and an index per key would make each insert of a 1.5M-row batch update
    /// three more B-trees (about 2× slower). Each entity configuration declares the indexes it needs.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder builder) =>
        builder.Conventions.Remove(typeof(Microsoft.EntityFrameworkCore.Metadata.Conventions.ForeignKeyIndexConvention));
}

public sealed class SqliteCampaignDbContext(DbContextOptions<SqliteCampaignDbContext> options) : CampaignDbContext(options);

public sealed class SqlServerCampaignDbContext(DbContextOptions<SqlServerCampaignDbContext> options) : CampaignDbContext(options);

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignTracker.Web.Data;

// Lengths keep unique indexes within SQL Server's 1,700-byte key limit.
static class Lengths
{
    public const int Name = 200;
    public const int Code = 100;
    public const int Url = 400;
    public const int Caption = 2000;
}

class BrandConfiguration : IEntityTypeConfiguration<Brand>
{
    public void Configure(EntityTypeBuilder<Brand> b)
    {
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

class UserBrandConfiguration : IEntityTypeConfiguration<UserBrand>
{
    public void Configure(EntityTypeBuilder<UserBrand> b)
    {
        b.HasKey(x => new { x.UserId, x.BrandId });
        b.HasOne<AppUser>().WithMany(u => u.Brands).HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Brand).WithMany().HasForeignKey(x => x.BrandId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.BrandId);
    }
}

class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.HasIndex(x => x.Name).IsUnique();
        b.HasOne(x => x.Brand).WithMany().HasForeignKey(x => x.BrandId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.BrandId);
    }
}

class InfluencerConfiguration : IEntityTypeConfiguration<Influencer>
{
    public void Configure(EntityTypeBuilder<Influencer> b)
    {
        b.Property(x => x.ExternalId).HasMaxLength(Lengths.Code);
        b.HasIndex(x => x.ExternalId).IsUnique();
        b.Property(x => x.Name).HasMaxLength(Lengths.Name);
        b.Property(x => x.Category).HasMaxLength(Lengths.Code);
        b.Property(x => x.Gender).HasMaxLength(Lengths.Code);
        b.Property(x => x.Platform).HasMaxLength(Lengths.Code);
    }
}

class PostConfiguration : IEntityTypeConfiguration<Post>
{
    public void Configure(EntityTypeBuilder<Post> b)
    {
        b.Property(x => x.Platform).HasMaxLength(Lengths.Code);
        b.Property(x => x.Url).HasMaxLength(Lengths.Url);
        b.Property(x => x.Caption).HasMaxLength(Lengths.Caption);
        b.Property(x => x.ExternalId).HasMaxLength(Lengths.Code);
        // DESIGN.md: posts are keyed by (influencer, platform, date, URL); the seed repeats URLs.
        b.HasIndex(x => new { x.InfluencerId, x.Platform, x.Date, x.Url }).IsUnique();
        b.HasOne<Influencer>().WithMany().HasForeignKey(x => x.InfluencerId).OnDelete(DeleteBehavior.Restrict);
    }
}

class TrackingRowConfiguration : IEntityTypeConfiguration<TrackingRow>
{
    public void Configure(EntityTypeBuilder<TrackingRow> b)
    {
        b.Property(x => x.Source).HasMaxLength(Lengths.Name);
        b.Property(x => x.ExternalId).HasMaxLength(Lengths.Code);
        b.HasIndex(x => x.ExternalId).HasFilter("ExternalId IS NOT NULL");
        b.Property(x => x.Campaign).HasMaxLength(Lengths.Name);
        b.Property(x => x.UserId).HasMaxLength(Lengths.Code);
        b.Property(x => x.Revenue).HasPrecision(18, 2);
        b.HasIndex(x => x.UploadId);
        b.HasOne<Influencer>().WithMany().HasForeignKey(x => x.InfluencerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Product>().WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Brand>().WithMany().HasForeignKey(x => x.BrandId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Upload>().WithMany().HasForeignKey(x => x.UploadId).OnDelete(DeleteBehavior.Restrict);
    }
}

class PayoutConfiguration : IEntityTypeConfiguration<Payout>
{
    public void Configure(EntityTypeBuilder<Payout> b)
    {
        b.Property(x => x.Basis).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Rate).HasPrecision(18, 4);   // DESIGN.md: rates carry up to 4 decimals
        b.Property(x => x.TotalPayout).HasPrecision(18, 2);
        b.HasIndex(x => x.InfluencerId).IsUnique();
        b.HasOne<Influencer>().WithMany().HasForeignKey(x => x.InfluencerId).OnDelete(DeleteBehavior.Restrict);
    }
}

class UploadConfiguration : IEntityTypeConfiguration<Upload>
{
    public void Configure(EntityTypeBuilder<Upload> b)
    {
        b.Property(x => x.UploadedBy).HasMaxLength(256);
        b.Property(x => x.ErrorReportPath).HasMaxLength(1000);
        b.Property(x => x.ClaimToken).HasMaxLength(36);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(x => x.Status);
        b.Ignore(x => x.IsFinished);
        b.HasMany(x => x.Files).WithOne().HasForeignKey(f => f.UploadId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ReplacesUploadId);
    }
}

class UploadFileConfiguration : IEntityTypeConfiguration<UploadFile>
{
    public void Configure(EntityTypeBuilder<UploadFile> b)
    {
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.StoredPath).HasMaxLength(1000);
        b.Property(x => x.Dataset).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Sha256).HasMaxLength(64).IsFixedLength();
        b.HasIndex(x => x.Sha256);
        b.HasIndex(x => x.UploadId);
    }
}

class SettingConfiguration : IEntityTypeConfiguration<Setting>
{
    public void Configure(EntityTypeBuilder<Setting> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(Lengths.Code);
        b.Property(x => x.Value).HasMaxLength(Lengths.Caption);
    }
}

class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(x => x.Actor).HasMaxLength(256);
        b.Property(x => x.Action).HasMaxLength(50);
        b.Property(x => x.Subject).HasMaxLength(256);
        b.Property(x => x.Details).HasMaxLength(Lengths.Caption);
        b.Property(x => x.Ip).HasMaxLength(45);   // an IPv6 address as text
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.Action, x.At });
    }
}

class SalesDailyConfiguration : IEntityTypeConfiguration<SalesDaily>
{
    public void Configure(EntityTypeBuilder<SalesDaily> b)
    {
        b.Property(x => x.Campaign).HasMaxLength(Lengths.Name);
        b.Property(x => x.Platform).HasMaxLength(Lengths.Code);
        b.Property(x => x.Category).HasMaxLength(Lengths.Code);
        b.Property(x => x.Gender).HasMaxLength(Lengths.Code);
        b.Property(x => x.Tier).HasMaxLength(10);
        // Pages read the snapshots whole into memory (SnapshotCube); the only filtered statement is an incremental
        // refresh deleting a date range. Each further index cost seconds in every full refresh.
        b.HasIndex(x => x.Date);
    }
}

class PostDailyConfiguration : IEntityTypeConfiguration<PostDaily>
{
    public void Configure(EntityTypeBuilder<PostDaily> b)
    {
        b.Property(x => x.Platform).HasMaxLength(Lengths.Code);
        b.Property(x => x.Category).HasMaxLength(Lengths.Code);
        b.Property(x => x.Gender).HasMaxLength(Lengths.Code);
        b.Property(x => x.Tier).HasMaxLength(10);
        // Read whole into memory and rebuilt whole: no index (SalesDaily says why).
    }
}

class InfluencerTotalConfiguration : IEntityTypeConfiguration<InfluencerTotal>
{
    public void Configure(EntityTypeBuilder<InfluencerTotal> b)
    {
        b.HasKey(x => x.InfluencerId);
        b.Property(x => x.InfluencerId).ValueGeneratedNever();
    }
}

class DataVersionConfiguration : IEntityTypeConfiguration<DataVersion>
{
    public void Configure(EntityTypeBuilder<DataVersion> b) => b.Property(x => x.Id).ValueGeneratedNever();
}

class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.Property(x => x.Rule).HasMaxLength(50);
        b.Property(x => x.SubjectKey).HasMaxLength(Lengths.Name);
        b.Property(x => x.Subject).HasMaxLength(Lengths.Name * 2);
        b.Property(x => x.Scope).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Severity).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.AcknowledgedSeverity).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.NoticeSeverity).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Message).HasMaxLength(Lengths.Caption);
        b.Property(x => x.Figures).HasMaxLength(8000);
        b.Property(x => x.EvidenceUrl).HasMaxLength(Lengths.Caption);
        b.Property(x => x.Campaign).HasMaxLength(Lengths.Name);
        b.Property(x => x.BrandIds).HasMaxLength(Lengths.Caption);
        b.Property(x => x.AcknowledgedBy).HasMaxLength(256);
        b.Property(x => x.AcknowledgementNote).HasMaxLength(Lengths.Caption);
        b.HasIndex(x => new { x.Rule, x.SubjectKey }).IsUnique();   // one alert per subject
        b.HasIndex(x => x.Status);
        b.HasIndex(x => x.NoticeAt);
    }
}

class PayoutRunConfiguration : IEntityTypeConfiguration<PayoutRun>
{
    public void Configure(EntityTypeBuilder<PayoutRun> b)
    {
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        foreach (var who in new[] { nameof(PayoutRun.PreparedBy), nameof(PayoutRun.SubmittedBy), nameof(PayoutRun.ApprovedBy), nameof(PayoutRun.PaidBy), nameof(PayoutRun.CancelledBy) })
            b.Property(who).HasMaxLength(256);   // an e-mail, as AuditEntry.Actor
        foreach (var note in new[] { nameof(PayoutRun.SubmitNote), nameof(PayoutRun.ApproveNote), nameof(PayoutRun.PaidNote), nameof(PayoutRun.CancelReason) })
            b.Property(note).HasMaxLength(Lengths.Caption);
        b.Property(x => x.PaymentReference).HasMaxLength(Lengths.Name);
        b.Property(x => x.Version).IsConcurrencyToken();   // PayoutRun.Version says why not a rowversion
        b.HasOne<Brand>().WithMany().HasForeignKey(x => x.BrandId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.State, x.From });   // the overlap check reads non-cancelled runs by period
    }
}

class PayoutRunLineConfiguration : IEntityTypeConfiguration<PayoutRunLine>
{
    public void Configure(EntityTypeBuilder<PayoutRunLine> b)
    {
        b.Property(x => x.Basis).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Rate).HasPrecision(18, 4);   // as Payout.Rate
        b.Property(x => x.Earned).HasPrecision(18, 2);
        b.Property(x => x.Declared).HasPrecision(18, 2);
        b.Property(x => x.Difference).HasPrecision(18, 2);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.Property(x => x.OverrideReason).HasMaxLength(Lengths.Caption);
        b.Property(x => x.PaymentReference).HasMaxLength(Lengths.Name);
        b.Ignore(x => x.IsOverride);
        b.Ignore(x => x.BeyondTolerance);
        b.Ignore(x => x.MustBeTicked);
        b.HasIndex(x => new { x.RunId, x.InfluencerId }).IsUnique();   // one line per influencer
        b.HasIndex(x => x.InfluencerId);   // the overlap check: an influencer's runs
        b.HasOne<Influencer>().WithMany().HasForeignKey(x => x.InfluencerId).OnDelete(DeleteBehavior.Restrict);
    }
}

class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> b)
    {
        b.Property(x => x.Campaign).HasMaxLength(Lengths.Name);
        b.Property(x => x.Amount).HasPrecision(18, 2);
        b.HasOne<Brand>().WithMany().HasForeignKey(x => x.BrandId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.BrandId);   // a brand manager's budgets
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CampaignTracker.Web.Data;

public enum OutboxState { Queued, Sending, Sent, Failed }

/// <summary>What a mail is, for the Mail page, the unsubscribe link and the once-only keys.</summary>
public enum MailKind { Alert, DailySummary, Digest, DigestPreview, Test }

/// <summary>
/// One e-mail on its way (issue 16): queued by whoever composes it, sent by the mail job. Claimed atomically
/// (Queued → Sending in one UPDATE) so that two runs of the job never send it twice; a failed attempt puts it back
/// with a later <see cref="NextAttemptAt"/> until Email:MaxAttempts, then it stays Failed for an admin to send again.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public MailKind Kind { get; set; }

    /// <summary>The user it is for (null for a test mail to an address), whose preferences and unsubscribe link it follows.</summary>
    public string? UserId { get; set; }
    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Html { get; set; } = "";
    public string Text { get; set; } = "";

    /// <summary>The attached file, relative to the data folder (mail/…), and the name the recipient sees; deleted once sent.</summary>
    public string? AttachmentPath { get; set; }
    public string? AttachmentName { get; set; }

    /// <summary>The signed one-click unsubscribe URL (List-Unsubscribe), when the mail has one.</summary>
    public string? UnsubscribeUrl { get; set; }

    /// <summary>Unique when set: the same alert notice or digest is queued once, however often the job runs.</summary>
    public string? OnceKey { get; set; }
    public OutboxState State { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>UTC, as every time of the audit log.</summary>
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? ClaimedAt { get; set; }
    public string? ClaimToken { get; set; }
    public DateTime? SentAt { get; set; }
}

public enum Delivery { Immediately, Daily, Never }

/// <summary>
/// A user's choices on the Notifications page (defaults: <see cref="NotificationPreference.For"/>), and how far the
/// mail job has gone for them: alerts noticed up to <see cref="ImmediateThrough"/> / <see cref="DailyThrough"/> are mailed,
/// the digest and the daily summary of the occurrence before <see cref="DigestDoneFor"/> / <see cref="DailyDoneFor"/> are sent.
/// </summary>
public class NotificationPreference
{
    public string UserId { get; set; } = "";
    public Delivery Critical { get; set; } = Delivery.Immediately;
    public Delivery Warning { get; set; } = Delivery.Daily;
    public Delivery Info { get; set; } = Delivery.Never;

    /// <summary>Rules (AlertRules names) that mail nothing, as ",rule,rule,".</summary>
    public string MutedRules { get; set; } = "";
    public bool Digest { get; set; } = true;
    public DayOfWeek DigestDay { get; set; } = DayOfWeek.Monday;

    /// <summary>The digest's and the daily summary's local time of day.</summary>
    public TimeOnly SendAt { get; set; } = new(7, 0);

    /// <summary>IANA name, e.g. Asia/Kolkata.</summary>
    public string TimeZone { get; set; } = "";

    public DateTime? ImmediateThrough { get; set; }
    public DateTime? DailyThrough { get; set; }
    public DateTime? DigestDoneFor { get; set; }
    public DateTime? DailyDoneFor { get; set; }

    public Delivery For(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => Critical,
        AlertSeverity.Warning => Warning,
        _ => Info,
    };

    public bool Mutes(string rule) => MutedRules.Contains($",{rule},", StringComparison.Ordinal);
}

class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("Outbox");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.To).HasMaxLength(256);
        b.Property(x => x.Subject).HasMaxLength(400);
        b.Property(x => x.AttachmentPath).HasMaxLength(400);
        b.Property(x => x.AttachmentName).HasMaxLength(200);
        b.Property(x => x.UnsubscribeUrl).HasMaxLength(2000);
        b.Property(x => x.OnceKey).HasMaxLength(300);
        b.Property(x => x.LastError).HasMaxLength(2000);
        b.Property(x => x.ClaimToken).HasMaxLength(40);
        b.HasIndex(x => x.OnceKey).IsUnique();
        b.HasIndex(x => new { x.State, x.NextAttemptAt });
    }
}

class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<AppUser>().WithOne().HasForeignKey<NotificationPreference>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Critical).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Warning).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Info).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.DigestDay).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.MutedRules).HasMaxLength(1000);
        b.Property(x => x.TimeZone).HasMaxLength(100);
    }
}

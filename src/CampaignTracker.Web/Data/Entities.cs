using Microsoft.AspNetCore.Identity;

namespace CampaignTracker.Web.Data;

public class AppUser : IdentityUser
{
    public List<UserBrand> Brands { get; set; } = [];

    /// <summary>UTC; null until the first successful sign-in.</summary>
    public DateTime? LastSignInAt { get; set; }

    /// <summary>Set when an admin chose the password: a one-time password, changed at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }
}

/// <summary>
/// Who did what, when and from where: sign-ins, user and role changes, uploads, payout status and
/// settings changes (issue 6). Written by <c>AuditLog</c>, read by admins on /Audit.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }

    /// <summary>UTC (a DateTime, not an offset: SQLite compares and sorts it as text).</summary>
    public DateTime At { get; set; }

    /// <summary>The signed-in user's e-mail, "command line", or the e-mail tried at a failed sign-in.</summary>
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";

    /// <summary>What was acted on: a user's e-mail, "upload #12", "payout #3", a setting's key.</summary>
    public string? Subject { get; set; }
    public string? Details { get; set; }

    /// <summary>The client's address; null for the command line.</summary>
    public string? Ip { get; set; }
}

/// <summary>A brand manager sees only the brands assigned to them (DESIGN.md, Who uses it).</summary>
public class UserBrand
{
    public string UserId { get; set; } = "";
    public int BrandId { get; set; }
    public Brand? Brand { get; set; }
}

public class Brand
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}

/// <summary>The product catalogue: product → brand.</summary>
public class Product
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public int BrandId { get; set; }
    public Brand? Brand { get; set; }
}

public class Influencer
{
    public int Id { get; set; }

    /// <summary>The source's own identifier, kept as trimmed text ("17", "INF_001").</summary>
    public string ExternalId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Category { get; set; } = "";
    public string? Gender { get; set; }
    public long FollowerCount { get; set; }
    public string Platform { get; set; } = "";
}

public class Post
{
    public long Id { get; set; }

    /// <summary>The source's own post id (a post_id column), when the file has one.</summary>
    public string? ExternalId { get; set; }
    public int InfluencerId { get; set; }
    public string Platform { get; set; } = "";
    public DateOnly Date { get; set; }
    public string Url { get; set; } = "";
    public string? Caption { get; set; }
    public long Reach { get; set; }
    public long Likes { get; set; }
    public long Comments { get; set; }
}

public class TrackingRow
{
    public long Id { get; set; }

    /// <summary>The upload whose batch this row belongs to (DESIGN.md: a tracking file is a batch).</summary>
    public int UploadId { get; set; }

    /// <summary>The source's own tracking or order id, when the file has one.</summary>
    public string? ExternalId { get; set; }
    public string? Source { get; set; }
    public string Campaign { get; set; } = "";
    public int InfluencerId { get; set; }
    public string? UserId { get; set; }
    public int ProductId { get; set; }
    public int BrandId { get; set; }
    public DateOnly Date { get; set; }
    public int Orders { get; set; }
    public decimal Revenue { get; set; }
}

public enum PayoutBasis { Post, Order }

public enum PayoutStatus { Pending, Approved, Paid }

public class Payout
{
    public int Id { get; set; }
    public int InfluencerId { get; set; }
    public PayoutBasis Basis { get; set; }
    public decimal Rate { get; set; }
    public int? Orders { get; set; }
    public decimal TotalPayout { get; set; }
    public PayoutStatus Status { get; set; }
}

public enum Dataset { Influencers, Catalogue, Posts, Tracking, Payouts }

public enum UploadStatus { Queued, Running, Succeeded, Failed }

/// <summary>
/// One upload of one or more files. Its status is the single truth about what was applied:
/// Hangfire may lose or repeat a job, this row decides (DESIGN.md, Data that comes in).
/// </summary>
public class Upload
{
    public int Id { get; set; }
    public string UploadedBy { get; set; } = "";
    public DateTimeOffset UploadedAt { get; set; }
    public UploadStatus Status { get; set; }

    /// <summary>Set by the run that claimed the upload; only that run may apply it (see IngestUploadJob).</summary>
    public string? ClaimToken { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int RowsRead { get; set; }
    public int RowsInserted { get; set; }
    public int RowsUpdated { get; set; }
    public int RowsUnchanged { get; set; }
    public int ErrorCount { get; set; }
    public int WarningCount { get; set; }

    /// <summary>Every error of a failed upload as CSV (file, row, column, value, expected).</summary>
    public string? ErrorReportPath { get; set; }

    /// <summary>A tracking upload whose rows this upload's tracking file replaces, atomically.</summary>
    public int? ReplacesUploadId { get; set; }

    /// <summary>Errors (when it failed) and warnings, one per line; null when there were none.</summary>
    public string? Report { get; set; }
    public List<UploadFile> Files { get; set; } = [];

    public bool IsFinished => Status is UploadStatus.Succeeded or UploadStatus.Failed;
}

public class UploadFile
{
    public int Id { get; set; }
    public int UploadId { get; set; }
    public string FileName { get; set; } = "";
    public string StoredPath { get; set; } = "";

    /// <summary>Recognised from the header; null when it matches no dataset (the upload then fails).</summary>
    public Dataset? Dataset { get; set; }
    public bool DatasetChosenByHand { get; set; }
    public string Sha256 { get; set; } = "";
    public long SizeBytes { get; set; }
    public int RowCount { get; set; }
}

public class Setting
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

public enum AlertSeverity { Info, Warning, Critical }

public enum AlertStatus { Open, Acknowledged, Resolved }

/// <summary>What an alert is about: the whole company (everyone sees it), a brand, a campaign or an influencer.</summary>
public enum AlertScope { Company, Brand, Campaign, Influencer }

/// <summary>
/// One alert per rule and subject (issue 14): evaluation updates its figures and last-seen time, resolves it when the
/// condition no longer holds and opens it again when it returns. Written by the alert evaluation job only.
/// </summary>
public class Alert
{
    public int Id { get; set; }

    /// <summary>The rule's name (AlertRule.Name), e.g. "iroas-under-target".</summary>
    public string Rule { get; set; } = "";

    /// <summary>The subject within the rule, unique with it: "company", "brand:3", "campaign:3:Campaign_4", "influencer:17".</summary>
    public string SubjectKey { get; set; } = "";
    public AlertScope Scope { get; set; }

    /// <summary>The subject as people read it: "MuscleBlaze", "Campaign_4 (MuscleBlaze)", "Asha (INF_017)".</summary>
    public string Subject { get; set; } = "";
    public AlertSeverity Severity { get; set; }
    public AlertStatus Status { get; set; }

    /// <summary>The rule, its thresholds and the figures that fired it, in one sentence.</summary>
    public string Message { get; set; } = "";

    /// <summary>The figures as JSON (name → value), for the twin and the CSV.</summary>
    public string Figures { get; set; } = "{}";

    /// <summary>A relative URL of the view that shows the evidence, with its filters and dates.</summary>
    public string EvidenceUrl { get; set; } = "";
    public int? InfluencerId { get; set; }
    public string? Campaign { get; set; }

    /// <summary>The brands the alert is about, as ",1,3,"; empty for the company scope, which everyone sees.</summary>
    public string BrandIds { get; set; } = "";

    /// <summary>UTC, as every time of the audit log.</summary>
    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgementNote { get; set; }

    /// <summary>The severity when it was acknowledged: a higher one opens the alert again.</summary>
    public AlertSeverity? AcknowledgedSeverity { get; set; }

    /// <summary>
    /// When it last became news (issue 16): opened, opened again, or its severity rose above <see cref="NoticeSeverity"/>.
    /// Mails go out for alerts noticed after a user's last mail; nothing else an evaluation changes mails anyone again.
    /// </summary>
    public DateTime? NoticeAt { get; set; }
    public AlertSeverity? NoticeSeverity { get; set; }
}

using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Audit;

/// <summary>Action names as the audit page lists and filters them.</summary>
public static class AuditActions
{
    public const string SignIn = "SignIn";
    public const string SignInFailed = "SignInFailed";
    public const string UserCreated = "UserCreated";
    public const string UserChanged = "UserChanged";
    public const string UserLocked = "UserLocked";
    public const string UserUnlocked = "UserUnlocked";
    public const string PasswordReset = "PasswordReset";
    public const string PasswordChanged = "PasswordChanged";
    public const string UserRemoved = "UserRemoved";
    public const string Upload = "Upload";
    public const string PayoutStatusChanged = "PayoutStatusChanged";
    public const string SettingChanged = "SettingChanged";
    public const string AlertAcknowledged = "AlertAcknowledged";
    public const string PayoutRunCreated = "PayoutRunCreated";
    public const string PayoutRunLineOverridden = "PayoutRunLineOverridden";
    public const string PayoutRunSubmitted = "PayoutRunSubmitted";
    public const string PayoutRunApproved = "PayoutRunApproved";
    public const string PayoutRunPaid = "PayoutRunPaid";
    public const string PayoutRunCancelled = "PayoutRunCancelled";
    public const string BudgetCreated = "BudgetCreated";
    public const string BudgetChanged = "BudgetChanged";
    public const string BudgetRemoved = "BudgetRemoved";
    public const string NotificationsChanged = "NotificationsChanged";
    public const string Unsubscribed = "Unsubscribed";
    public const string MailSentAgain = "MailSentAgain";
    public const string DigestPreviewed = "DigestPreviewed";

    public static readonly string[] All =
    [
        SignIn, SignInFailed, UserCreated, UserChanged, UserLocked, UserUnlocked, PasswordReset, PasswordChanged, UserRemoved,
        Upload, PayoutStatusChanged, SettingChanged, AlertAcknowledged,
        PayoutRunCreated, PayoutRunLineOverridden, PayoutRunSubmitted, PayoutRunApproved, PayoutRunPaid, PayoutRunCancelled,
        BudgetCreated, BudgetChanged, BudgetRemoved,
        NotificationsChanged, Unsubscribed, MailSentAgain, DigestPreviewed,
    ];
}

/// <summary>
/// Writes who did what, when, from where (issue 6). Who and where come from the current request;
/// without one (operator commands) the actor is "command line". Each call saves at once.
/// </summary>
public class AuditLog(CampaignDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public const string CommandLine = "command line";

    public async Task RecordAsync(string action, string? subject, string? details, CancellationToken ct, string? actor = null)
    {
        var context = http.HttpContext;
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = Cut(actor ?? (context is null ? CommandLine : context.User.Identity?.Name ?? "anonymous"), 256),
            Action = action,
            Subject = subject is null ? null : Cut(subject, 256),
            Details = details is null ? null : Cut(details, 2000),
            Ip = context?.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>For the payout tracking page (DESIGN.md: Pending → Approved → Paid, who and when recorded).</summary>
    public Task PayoutStatusChangedAsync(string influencerExternalId, PayoutStatus from, PayoutStatus to, CancellationToken ct) =>
        RecordAsync(AuditActions.PayoutStatusChanged, PayoutSubject(influencerExternalId), $"{from} → {to}", ct);

    /// <summary>The subject of an influencer's payout entries: their history is the entries with it.</summary>
    public static string PayoutSubject(string influencerExternalId) => $"payout of influencer {influencerExternalId}";

    /// <summary>For the settings page: the lift, the default cost basis.</summary>
    public Task SettingChangedAsync(string key, string? from, string to, CancellationToken ct) =>
        RecordAsync(AuditActions.SettingChanged, key, $"{from ?? "(default)"} → {to}", ct);

    /// <summary>For the Alerts page (issue 14): the note is the reason the alert needs no more attention.</summary>
    public Task AlertAcknowledgedAsync(Alert alert, string note, CancellationToken ct) =>
        RecordAsync(AuditActions.AlertAcknowledged, $"alert #{alert.Id} ({alert.Rule}, {alert.Subject})", note, ct);

    static string Cut(string text, int max) => text.Length <= max ? text : text[..max];
}

namespace CampaignTracker.Web.Security;

public static class Roles
{
    public const string Admin = "Admin";
    public const string BrandManager = "BrandManager";

    /// <summary>Issue 15: sees every brand, read-only, except payout runs, which Finance approves and marks paid.</summary>
    public const string Finance = "Finance";

    public static readonly string[] All = [Admin, BrandManager, Finance];

    /// <summary>"Admin, BrandManager or Finance": for messages that list the roles.</summary>
    public static string Listed => string.Join(", ", All[..^1]) + " or " + All[^1];

    /// <summary>Roles that see every brand: assigned brands would mean nothing for them.</summary>
    public static bool SeesEveryBrand(string role) => role is Admin or Finance;
}

/// <summary>Pages, JSON twins and /hangfire name one of these; none checks a role itself (Startup).</summary>
public static class Policies
{
    /// <summary>Uploads, users, settings, audit log, Hangfire; payout status changes.</summary>
    public const string Admin = "Admin";

    /// <summary>Dashboards and their JSON twins: admins and Finance (every brand), brand managers within their BrandScope.</summary>
    public const string Viewer = "Viewer";

    /// <summary>Acknowledging alerts: admins, and brand managers for their brands; Finance is read-only on alerts (issue 15).</summary>
    public const string AlertAcknowledger = "AlertAcknowledger";

}

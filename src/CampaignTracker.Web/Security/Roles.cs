namespace CampaignTracker.Web.Security;

public static class Roles
{
    public const string Admin = "Admin";
    public const string BrandManager = "BrandManager";

    /// <summary>Approves and pays payout runs (issue 15). Its place in All and the policies comes with the finance-role branch.</summary>
    public const string Finance = "Finance";

    public static readonly string[] All = [Admin, BrandManager];
}

/// <summary>Pages, JSON twins and /hangfire name one of these; none checks a role itself (Startup).</summary>
public static class Policies
{
    /// <summary>Uploads, users, audit log, Hangfire.</summary>
    public const string Admin = "Admin";

    /// <summary>Dashboards and their JSON twins: admins, and brand managers within their BrandScope.</summary>
    public const string Viewer = "Viewer";
}

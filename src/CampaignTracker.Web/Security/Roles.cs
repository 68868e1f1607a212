namespace CampaignTracker.Web.Security;

public static class Roles
{
    public const string Admin = "Admin";
    public const string BrandManager = "BrandManager";

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

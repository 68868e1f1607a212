namespace CampaignTracker.Web.Security;

public static class Roles
{
    public const string Admin = "Admin";
    public const string BrandManager = "BrandManager";

    public static readonly string[] All = [Admin, BrandManager];
}

public static class Policies
{
    public const string Admin = "Admin";
}

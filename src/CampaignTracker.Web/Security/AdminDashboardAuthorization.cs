using Hangfire.Dashboard;

namespace CampaignTracker.Web.Security;

/// <summary>The Hangfire dashboard is for admins; the endpoint's Admin policy already challenges or forbids others.</summary>
public class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
}

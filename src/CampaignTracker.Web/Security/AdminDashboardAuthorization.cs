using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;

namespace CampaignTracker.Web.Security;

/// <summary>
/// The Hangfire dashboard asks the Admin policy again for its own requests (the endpoint's policy already
/// challenges or forbids others); without a filter Hangfire would allow local requests only.
/// </summary>
public class AdminDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        return (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, Policies.Admin)).Succeeded;
    }
}

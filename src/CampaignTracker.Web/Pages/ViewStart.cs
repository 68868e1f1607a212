using CampaignTracker.Web.Api;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages;

/// <summary>What every report page and its downloads start with: the `cost` parameter and the filters checked, then the viewer's view.</summary>
public static class ViewStart
{
    /// <returns>The view, or the refusal to send instead (400 with the reason).</returns>
    public static async Task<(ReportView? View, IActionResult? Refusal)> StartViewAsync(this PageModel page, Reports reports, string? cost, KpiFilters filters, CancellationToken ct)
    {
        if (!CostBasisParameter.TryParse(cost, out var basis)) return (null, page.BadRequest($"cost must be 'earned' or 'declared', not '{cost}'"));
        if (!page.ModelState.IsValid)
        {
            var problems = page.ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => $"{e.Key}: '{e.Value!.AttemptedValue}'");
            return (null, page.BadRequest($"not understood: {string.Join(", ", problems)} (dates are yyyy-MM-dd, numbers plain)"));
        }
        return (await reports.ViewAsync(page.User, filters, basis, ct), null);
    }
}

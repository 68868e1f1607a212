using System.Globalization;
using System.Text.Json;
using CampaignTracker.Web.Api;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Insights;

public class IndexModel(InsightsQuery insights, Reports reports) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }

    /// <summary>What-if lift in percent (10–100): recomputes iROAS, ROI and break-even without touching data.</summary>
    [BindProperty(SupportsGet = true)] public decimal? Lift { get; set; }
    [BindProperty(SupportsGet = true)] public decimal? MinPayout { get; set; }
    [BindProperty(SupportsGet = true)] public long? MinOrders { get; set; }

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public ReportView View { get; private set; } = null!;
    public decimal SettingLift { get; private set; }
    public Reporting.Insights Data { get; private set; } = null!;
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        if (!CostBasisParameter.TryParse(Cost, out var basis)) return BadRequest($"cost must be 'earned' or 'declared', not '{Cost}'");
        if (!ModelState.IsValid) return BadRequest("from and to are dates yyyy-MM-dd; lift, minPayout and minOrders are numbers");
        if (InsightsParameters.Error(Lift, MinPayout, MinOrders) is { } error) return BadRequest(error);
        Filters = filters;
        var view = await reports.ViewAsync(User, filters, basis, ct);
        SettingLift = view.Lift;
        View = InsightsParameters.WithLift(view, Lift);
        Options = await reports.OptionsAsync(View, ct);
        Data = await insights.RunAsync(View, InsightsParameters.Rule(MinPayout, MinOrders), ct);
        ChartJson = JsonSerializer.Serialize(new
        {
            points = Data.Scatter.Select(p => new { x = p.Err, y = p.Iroas, followers = p.Followers, name = p.Name }),
        });
        return Page();
    }

    public string LiftPercent => (View.Lift * 100).ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>The insights page's own query parameters, shared with /api/insights.</summary>
public static class InsightsParameters
{
    public static string? Error(decimal? lift, decimal? minPayout, long? minOrders) =>
        lift is < 0 or > 1000 ? "lift is a percentage between 0 and 1000"
        : minPayout is < 0 ? "minPayout cannot be negative"
        : minOrders is < 0 ? "minOrders cannot be negative"
        : null;

    public static ReportView WithLift(ReportView view, decimal? liftPercent) =>
        liftPercent is { } percent ? view with { Lift = percent / 100 } : view;

    public static IroasRule Rule(decimal? minPayout, long? minOrders) =>
        new(minPayout ?? IroasRule.Default.MinPayout, minOrders ?? IroasRule.Default.MinOrders);
}

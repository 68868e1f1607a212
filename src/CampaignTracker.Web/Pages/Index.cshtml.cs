using System.Text.Json;
using CampaignTracker.Web.Api;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages;

public class IndexModel(OverviewQuery overview, Reports reports) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Cost { get; set; }

    /// <summary>`interval=week` groups the revenue and payout chart by week (Monday first) instead of by day.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Interval { get; set; }

    public bool Week => Interval == "week";

    public KpiFilters Filters { get; private set; } = new();

    public FilterOptions Options { get; private set; } = FilterOptions.None;

    public Overview Data { get; private set; } = null!;

    public string ChartJson { get; private set; } = "{}";

    public IReadOnlyList<DailyAmounts> Periods { get; private set; } = [];

    public string IntervalUrl(string? interval) => Links.WithQuery(Request, "/", ("interval", interval));

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        if (!CostBasisParameter.TryParse(Cost, out var basis))
            return BadRequest($"cost must be 'earned' or 'declared', not '{Cost}'");
        if (!ModelState.IsValid) return BadRequest("from and to are dates yyyy-MM-dd");
        Filters = filters;
        var view = await reports.ViewAsync(User, filters, basis, ct);
        Options = await reports.OptionsAsync(view, ct);
        Data = await overview.RunAsync(view, ct);
        var periods = Periods = Week ? Reporting.Periods.Weeks(Data.PerDay) : Data.PerDay;
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = periods.Select(d => d.Date.ToString("yyyy-MM-dd")),
            revenue = periods.Select(d => d.Revenue),
            payout = periods.Select(d => d.Payout),
            byBrand = new { labels = Data.RevenueByBrand.Select(b => b.Label), revenue = Data.RevenueByBrand.Select(b => b.Revenue) },
            byPlatform = new { labels = Data.RevenueByPlatform.Select(p => p.Label), revenue = Data.RevenueByPlatform.Select(p => p.Revenue) },
        });
        return Page();
    }

    public string CostBasisName => Data.Kpis.CostBasis == CostBasis.Earned ? "earned" : "declared";
}

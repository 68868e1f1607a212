using System.Text.Json;
using CampaignTracker.Web.Api;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Campaigns;

public class IndexModel(CampaignsQuery campaigns, Reports reports) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public CostBasis Basis { get; private set; }
    public decimal Lift { get; private set; }
    public IReadOnlyList<CampaignRow> Rows { get; private set; } = [];
    public CampaignTimeline Timeline { get; private set; } = new([], []);
    public string ChartJson { get; private set; } = "{}";

    /// <summary>The campaign's detail page with this view's filters (not its sort).</summary>
    public string DetailsUrl(string campaign) => Links.WithQuery(Request, "/Campaigns/Details", ("name", campaign), ("sort", null), ("dir", null));

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        if (!CostBasisParameter.TryParse(Cost, out var basis)) return BadRequest($"cost must be 'earned' or 'declared', not '{Cost}'");
        if (!ModelState.IsValid) return BadRequest("from and to are dates yyyy-MM-dd");
        Filters = filters;
        var view = await reports.ViewAsync(User, filters, basis, ct);
        Options = await reports.OptionsAsync(view, ct);
        Basis = view.Basis;
        Lift = view.Lift;
        Rows = await campaigns.RunAsync(view, Sort, Dir == "desc", ct);
        Timeline = await campaigns.TimelineAsync(view, ct);
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = Timeline.Weeks.Select(w => w.ToString("yyyy-MM-dd")),
            series = Timeline.Campaigns.Select(c => new { label = c.Campaign, revenue = c.Revenue }),
        });
        return Page();
    }

    public string SortUrl(string column) => Links.Sort(Request, "/Campaigns", column, Sort, Dir);
}

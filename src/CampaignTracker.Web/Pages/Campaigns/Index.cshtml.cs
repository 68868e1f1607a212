using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Campaigns;

public class IndexModel(CampaignsQuery campaigns, Reports reports, TimeProvider clock) : PageModel
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
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        Filters = filters;
        Options = await reports.OptionsAsync(view, ct);
        Basis = view.Basis;
        Lift = view.Lift;
        Rows = await campaigns.RunAsync(view, Sort, Dir == "desc", ct);
        Timeline = await campaigns.TimelineAsync(view, ct);
        ChartJson = ChartData.Of(Timeline, "", timeline => new
        {
            labels = timeline.Weeks.Select(w => w.ToString("yyyy-MM-dd")),
            series = timeline.Campaigns.Select(c => new { label = c.Campaign, revenue = c.Revenue }),
        });
        return Page();
    }

    /// <summary>`?handler=Csv`: the table of this view (filters, scope, sort) as CSV.</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        var rows = await campaigns.RunAsync(view, Sort, Dir == "desc", ct);
        var basis = view.Basis.ToString().ToLowerInvariant();
        return new CsvExport<CampaignRow>(FileNames.For("campaigns", filters, clock.GetUtcNow(), "csv"), rows,
        [
            CsvColumn<CampaignRow>.Text("campaign", r => r.Campaign),
            CsvColumn<CampaignRow>.Number("revenue", r => r.Revenue),
            CsvColumn<CampaignRow>.Count("orders", r => r.Orders),
            CsvColumn<CampaignRow>.Count("influencers", r => r.Influencers),
            CsvColumn<CampaignRow>.Number($"payout_{basis}", r => r.Payout),
            CsvColumn<CampaignRow>.Number("roas", r => r.Roas),
            CsvColumn<CampaignRow>.Number($"iroas_lift_{view.Lift}", r => r.Iroas),
            CsvColumn<CampaignRow>.Number("roi_percent", r => r.RoiPercent),
        ]);
    }

    public string SortUrl(string column) => Links.Sort(Request, "/Campaigns", column, Sort, Dir);
}

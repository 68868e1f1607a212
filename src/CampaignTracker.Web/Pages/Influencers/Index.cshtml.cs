using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Influencers;

public class IndexModel(InfluencersQuery influencers, Reports reports, TimeProvider clock, InfluencerFlags flags) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public CostBasis Basis { get; private set; }
    public decimal Lift { get; private set; }
    public InfluencerPage Result { get; private set; } = new([], 0, 1, InfluencersQuery.PageSize);
    public FlagSet Flags { get; private set; } = FlagSet.None;

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        Filters = filters;
        Options = await reports.OptionsAsync(view, ct);
        Basis = view.Basis;
        Lift = view.Lift;
        Result = await influencers.RunAsync(view, Search, Sort, Dir == "desc", PageNumber, ct);
        Flags = await flags.CurrentAsync(ct);
        return Page();
    }

    /// <summary>`?handler=Csv`: every influencer of this view (filters, scope, search, sort), not just this page of them.</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        var rows = await influencers.AllAsync(view, Search, Sort, Dir == "desc", ct);
        return new CsvExport<InfluencerRow>(FileNames.For("influencers", filters, clock.GetUtcNow(), "csv"), rows,
            [.. Columns(view), FlagsColumn(await flags.CurrentAsync(ct))]);
    }

    public static IReadOnlyList<CsvColumn<InfluencerRow>> Columns(ReportView view) =>
    [
        CsvColumn<InfluencerRow>.Text("id", r => r.ExternalId),
        CsvColumn<InfluencerRow>.Text("name", r => r.Name),
        CsvColumn<InfluencerRow>.Text("platform", r => r.Platform),
        CsvColumn<InfluencerRow>.Text("category", r => r.Category),
        CsvColumn<InfluencerRow>.Text("tier", r => r.Tier.ToString()),
        CsvColumn<InfluencerRow>.Text("gender", r => r.Gender),
        CsvColumn<InfluencerRow>.Count("followers", r => r.Followers),
        CsvColumn<InfluencerRow>.Count("posts", r => r.Posts),
        CsvColumn<InfluencerRow>.Count("reach", r => r.Reach),
        CsvColumn<InfluencerRow>.Count("engagements", r => r.Engagements),
        CsvColumn<InfluencerRow>.Number("err_percent", r => r.ErrPercent),
        CsvColumn<InfluencerRow>.Count("orders", r => r.Orders),
        CsvColumn<InfluencerRow>.Number("revenue", r => r.Revenue),
        CsvColumn<InfluencerRow>.Number($"payout_{view.Basis.ToString().ToLowerInvariant()}", r => r.Payout),
        CsvColumn<InfluencerRow>.Number("roas", r => r.Roas),
        CsvColumn<InfluencerRow>.Number($"iroas_lift_{view.Lift}", r => r.Iroas),
    ];

    /// <summary>The rules of the row's unresolved flagging alerts, "; "-joined; empty when none. Last, so earlier columns keep their places.</summary>
    public static CsvColumn<InfluencerRow> FlagsColumn(FlagSet flags) => CsvColumn<InfluencerRow>.Text("flags", r => flags.Titles(r.Id));

    public string CsvUrl => Links.WithQuery(Request, "/Influencers", ("handler", "Csv"), ("p", null));

    public string SortUrl(string column) => Links.Sort(Request, "/Influencers", column, Sort, Dir);

    /// <summary>The influencer's detail page with this view's filters (not its sort, page or search).</summary>
    public string DetailsUrl(string externalId) => Links.InfluencerDetails(Request, externalId);

    public string PageUrl(int page) => Links.WithQuery(Request, "/Influencers", ("p", page.ToString()));
}

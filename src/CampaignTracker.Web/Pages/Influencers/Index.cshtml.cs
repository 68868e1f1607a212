using CampaignTracker.Web.Api;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Influencers;

public class IndexModel(InfluencersQuery influencers, Reports reports) : PageModel
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

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        if (!CostBasisParameter.TryParse(Cost, out var basis)) return BadRequest($"cost must be 'earned' or 'declared', not '{Cost}'");
        if (!ModelState.IsValid) return BadRequest("from and to are dates yyyy-MM-dd; page is a number");
        Filters = filters;
        var view = await reports.ViewAsync(User, filters, basis, ct);
        Options = await reports.OptionsAsync(view, ct);
        Basis = view.Basis;
        Lift = view.Lift;
        Result = await influencers.RunAsync(view, Search, Sort, Dir == "desc", PageNumber, ct);
        return Page();
    }

    public string SortUrl(string column) => Links.Sort(Request, "/Influencers", column, Sort, Dir);

    /// <summary>The influencer's detail page with this view's filters (not its sort, page or search).</summary>
    public string DetailsUrl(string externalId) =>
        Links.WithQuery(Request, "/Influencers/Details", ("id", externalId), ("sort", null), ("dir", null), ("p", null), ("q", null));

    public string PageUrl(int page) => Links.WithQuery(Request, "/Influencers", ("p", page.ToString()));
}

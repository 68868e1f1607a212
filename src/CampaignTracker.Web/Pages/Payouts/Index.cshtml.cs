using CampaignTracker.Web.Data;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Payouts;

public class IndexModel(PayoutsQuery payouts, Reports reports, CampaignDbContext db, TimeProvider clock) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public ReportView View { get; private set; } = null!;
    public PayoutSheet Sheet { get; private set; } = new([], true);
    public IReadOnlyList<PayoutRow> Rows { get; private set; } = [];
    public IReadOnlyDictionary<int, PayoutStatus> Statuses { get; private set; } = new Dictionary<int, PayoutStatus>();
    public int PageCount => Math.Max(1, (Sheet.Rows.Count + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        Filters = filters;
        View = view;
        Options = await reports.OptionsAsync(view, ct);
        Sheet = await payouts.RunAsync(view, Sort, Dir == "desc", ct);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = Sheet.Rows.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        Statuses = await StatusesAsync(db, Rows.Select(r => r.Id), ct);
        return Page();
    }

    /// <summary>`?handler=Csv`: every row of this view's payout sheet.</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        var sheet = await payouts.RunAsync(view, Sort, Dir == "desc", ct);
        var statuses = await StatusesAsync(db, null, ct);
        return new CsvExport<PayoutRow>(FileNames.For("payouts", filters, clock.GetUtcNow(), "csv"), sheet.Rows,
        [
            CsvColumn<PayoutRow>.Text("influencer_id", r => r.ExternalId), CsvColumn<PayoutRow>.Text("name", r => r.Name),
            CsvColumn<PayoutRow>.Text("basis", r => r.Basis.ToString().ToLowerInvariant()), CsvColumn<PayoutRow>.Number("rate", r => r.Rate),
            CsvColumn<PayoutRow>.Number("declared_orders", r => r.DeclaredOrders), CsvColumn<PayoutRow>.Count("tracked_orders", r => r.TrackedOrders),
            CsvColumn<PayoutRow>.Count("posts", r => r.Posts), CsvColumn<PayoutRow>.Number("declared_payout", r => r.Declared),
            CsvColumn<PayoutRow>.Number("earned_payout", r => r.Earned), CsvColumn<PayoutRow>.Number("difference", r => r.Reconciliation.Difference),
            CsvColumn<PayoutRow>.Text("flag", r => r.Reconciliation.Flagged ? "check" : ""),
            CsvColumn<PayoutRow>.Text("status", r => statuses.GetValueOrDefault(r.Id).ToString()),
        ]);
    }

    /// <summary>Payout statuses change between data versions (admins set them), so they are read when shown.</summary>
    public static async Task<IReadOnlyDictionary<int, PayoutStatus>> StatusesAsync(CampaignDbContext db, IEnumerable<int>? influencerIds, CancellationToken ct)
    {
        var payouts = db.Payouts.AsNoTracking();
        if (influencerIds is not null)
        {
            var ids = influencerIds.ToList();
            payouts = payouts.Where(p => ids.Contains(p.InfluencerId));
        }
        return await payouts.ToDictionaryAsync(p => p.InfluencerId, p => p.Status, ct);
    }

    public string SortUrl(string column) => Links.Sort(Request, "/Payouts", column, Sort, Dir);

    public string PageUrl(int page) => Links.WithQuery(Request, "/Payouts", ("p", page.ToString()));

    public string DetailsUrl(string externalId) =>
        Links.WithQuery(Request, "/Influencers/Details", ("id", externalId), ("sort", null), ("dir", null), ("p", null));
}

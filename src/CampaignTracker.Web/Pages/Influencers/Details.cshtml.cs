using CampaignTracker.Web.Data;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Influencers;

public class DetailsModel(InfluencerDetailQuery details, Reports reports, CampaignDbContext db, TimeProvider clock, Web.Alerts.InfluencerFlags flags) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public ReportView View { get; private set; } = null!;
    public InfluencerDetail Data { get; private set; } = null!;
    public IReadOnlyList<Web.Alerts.InfluencerFlag> Flags { get; private set; } = [];
    public Payout? Contract { get; private set; }
    public Reconciliation? Reconciliation { get; private set; }
    public IReadOnlyList<AuditEntry> StatusHistory { get; private set; } = [];
    public IReadOnlyDictionary<long, PostText> Texts { get; private set; } = new Dictionary<long, PostText>();
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        if (string.IsNullOrWhiteSpace(Id)) return NotFound();
        Filters = filters;
        View = view;
        if (await details.RunAsync(View, Id.Trim(), ct) is not { } data) return NotFound();   // unknown, or none of the viewer's brands
        Data = data;
        Flags = (await flags.CurrentAsync(ct)).Of(Data.Row.Id);   // after the scope check above: only an influencer the viewer may see
        Options = await reports.OptionsAsync(View, ct);
        Texts = await PostText.ForAsync(db, Data.Posts.Select(p => p.Id), ct);
        if (View.Scope.IsAll)   // the whole contract spans brands: a brand manager sees only the payout allocated to theirs
        {
            Contract = await db.Payouts.AsNoTracking().SingleOrDefaultAsync(p => p.InfluencerId == Data.Row.Id, ct);
            if (Contract is not null)
                Reconciliation = Reconciliation.Of(Contract.Basis == PayoutBasis.Order, Contract.Rate, Data.Totals.Orders, Data.Totals.Posts, Contract.TotalPayout);
            var subject = CampaignTracker.Web.Audit.AuditLog.PayoutSubject(Data.Row.ExternalId);
            StatusHistory = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Action == CampaignTracker.Web.Audit.AuditActions.PayoutStatusChanged && e.Subject == subject)
                .OrderByDescending(e => e.Id).Take(50).ToListAsync(ct);
        }
        ChartJson = ChartData.Of(Data, "", data => new
        {
            labels = data.PerDay.Select(d => d.Date.ToString("yyyy-MM-dd")),
            revenue = data.PerDay.Select(d => d.Revenue),
            orders = data.PerDay.Select(d => d.Orders),
        });
        return Page();
    }

    /// <summary>`?handler=Csv&amp;table=days|products|campaigns|posts`: a table of this view of the influencer.</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, string? table, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        if (string.IsNullOrWhiteSpace(Id) || await details.RunAsync(view, Id.Trim(), ct) is not { } data) return NotFound();
        string File(string what) => FileNames.For($"{data.Row.ExternalId}_{what}", filters, clock.GetUtcNow(), "csv");
        switch (table ?? "posts")
        {
            case "days":
                return new CsvExport<DailySales>(File("days"), data.PerDay,
                [
                    CsvColumn<DailySales>.Date("date", d => d.Date), CsvColumn<DailySales>.Count("orders", d => d.Orders),
                    CsvColumn<DailySales>.Number("revenue", d => d.Revenue),
                ]);
            case "products": return new CsvExport<PartSales>(File("products"), data.Products, SalesPartColumns.Of("product"));
            case "campaigns": return new CsvExport<PartSales>(File("campaigns"), data.Campaigns, SalesPartColumns.Of("campaign"));
            case "posts":
                var texts = await PostText.ForAsync(db, data.Posts.Select(p => p.Id), ct);
                return new CsvExport<PostListing>(File("posts"), data.Posts,
                [
                    CsvColumn<PostListing>.Date("date", p => p.Date), CsvColumn<PostListing>.Text("platform", p => p.Platform),
                    CsvColumn<PostListing>.Text("url", p => texts.GetValueOrDefault(p.Id)?.Url), CsvColumn<PostListing>.Text("caption", p => texts.GetValueOrDefault(p.Id)?.Caption),
                    CsvColumn<PostListing>.Count("reach", p => p.Reach), CsvColumn<PostListing>.Count("likes", p => p.Likes),
                    CsvColumn<PostListing>.Count("comments", p => p.Comments), CsvColumn<PostListing>.Number("err_percent", p => p.ErrPercent),
                ]);
            default: return BadRequest($"table must be 'days', 'products', 'campaigns' or 'posts', not '{table}'");
        }
    }

    /// <summary>A link to this page's CSV of one table, with this view's filters.</summary>
    public string CsvUrl(string table) => Links.WithQuery(Request, "/Influencers/Details", ("handler", "Csv"), ("table", table));

    /// <summary>A link to another page with this view's filters (id dropped).</summary>
    public string WithFilters(string path) => Links.WithQuery(Request, path, ("id", null));
}

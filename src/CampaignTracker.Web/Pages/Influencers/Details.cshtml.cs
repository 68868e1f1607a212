using System.Text.Json;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Influencers;

public class DetailsModel(InfluencerDetailQuery details, Reports reports, CampaignDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public ReportView View { get; private set; } = null!;
    public InfluencerDetail Data { get; private set; } = null!;
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
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = Data.PerDay.Select(d => d.Date.ToString("yyyy-MM-dd")),
            revenue = Data.PerDay.Select(d => d.Revenue),
            orders = Data.PerDay.Select(d => d.Orders),
        });
        return Page();
    }

    /// <summary>A link to another page with this view's filters (id dropped).</summary>
    public string WithFilters(string path) => Links.WithQuery(Request, path, ("id", null));
}

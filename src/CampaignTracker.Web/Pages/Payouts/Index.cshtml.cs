using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Payouts;

public class IndexModel(PayoutsQuery payouts, Reports reports, CampaignDbContext db, TimeProvider clock, IAuthorizationService authorization, AuditLog audit,
    Web.Alerts.InfluencerFlags flags, Web.Payouts.BudgetsQuery budgets) : PageModel
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
    /// <summary>Issue 15: the budgets of the viewer's brands.</summary>
    public IReadOnlyList<Web.Payouts.BudgetRow> Budgets { get; private set; } = [];
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
        Statuses = await PayoutsQuery.StatusesAsync(db, Rows.Select(r => r.Id), ct);
        Budgets = await budgets.RunAsync(view, ct);
        return Page();
    }

    /// <summary>`?handler=Csv`: every row of this view's payout sheet.</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        var sheet = await payouts.RunAsync(view, Sort, Dir == "desc", ct);
        var statuses = await PayoutsQuery.StatusesAsync(db, null, ct);
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

    /// <summary>`?handler=Excel`: this view's payout sheet as a workbook (PayoutWorkbook), named for its period (the data's
    /// first and last days where the view has no dates) and the day it was made.</summary>
    public async Task<IActionResult> OnGetExcelAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        var sheet = await payouts.RunAsync(view, Sort, Dir == "desc", ct);
        var byBrand = await payouts.ByBrandAsync(view, ct);
        var statuses = await PayoutsQuery.StatusesAsync(db, null, ct);
        var brands = view.Scope.IsAll ? [] : (await reports.OptionsAsync(view, ct)).Brands;
        var now = clock.GetUtcNow();
        var content = new PayoutWorkbookContent(view, sheet, statuses, byBrand, brands, now, User.Identity?.Name ?? "unknown", await flags.CurrentAsync(ct));
        var output = new MemoryStream();
        PayoutWorkbook.Write(content, output);
        output.Position = 0;
        return File(output, PayoutWorkbook.ContentType, FileNames.For("payout-sheet", filters.From ?? byBrand.FirstDate, filters.To ?? byBrand.LastDate, now, "xlsx"));
    }

    /// <summary>
    /// Admins set the status of the chosen influencers' payouts (one or many): each change is audited (who, when,
    /// from, to) in the same transaction. Brand managers are refused, whatever the form carries.
    /// </summary>
    public async Task<IActionResult> OnPostStatusAsync(string[]? influencer, string? status, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.Admin)).Succeeded) return Forbid();
        if (!Enum.TryParse<PayoutStatus>(status, ignoreCase: false, out var to) || !Enum.IsDefined(to))
            TempData["Error"] = $"Choose a status: {string.Join(", ", Enum.GetNames<PayoutStatus>())}.";
        else if (influencer is not { Length: > 0 })
            TempData["Error"] = "Tick at least one influencer.";
        else
        {
            var chosen = influencer.Distinct().ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var rows = await db.Payouts.Join(db.Influencers, p => p.InfluencerId, i => i.Id, (p, i) => new { Payout = p, i.ExternalId })
                .Where(x => chosen.Contains(x.ExternalId)).ToListAsync(ct);
            var changed = 0;
            foreach (var row in rows.Where(r => r.Payout.Status != to))
            {
                var from = row.Payout.Status;
                row.Payout.Status = to;
                await audit.PayoutStatusChangedAsync(row.ExternalId, from, to, ct);   // saves the change and its entry together
                changed++;
            }
            await tx.CommitAsync(ct);
            var unknown = chosen.Except(rows.Select(r => r.ExternalId)).ToList();
            TempData["Message"] = $"{changed} payout(s) set to {to}" + (rows.Count > changed ? $"; {rows.Count - changed} already were" : "")
                + (unknown.Count > 0 ? $"; no payout row for {string.Join(", ", unknown.Take(5))}" : "") + ".";
        }
        return Redirect(Links.WithQuery(Request, "/Payouts", ("handler", null)));
    }

    public string SortUrl(string column) => Links.Sort(Request, "/Payouts", column, Sort, Dir);

    public string PageUrl(int page) => Links.WithQuery(Request, "/Payouts", ("p", page.ToString()));

    public string DetailsUrl(string externalId) =>
        Links.WithQuery(Request, "/Influencers/Details", ("id", externalId), ("sort", null), ("dir", null), ("p", null));
}

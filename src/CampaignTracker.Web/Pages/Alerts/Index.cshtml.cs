using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Alerts;

/// <summary>Issue 14: the alerts the viewer may see, filtered in the query string, 50 a page; open ones acknowledged with a note.</summary>
public class IndexModel(AlertsQuery alerts, Reports reports, CampaignDbContext db, AuditLog audit, AlertCounts counts, InfluencerFlags flags, TimeProvider clock,
    IAuthorizationService authorization) : PageModel
{
    public const int PageSize = 50;
    public const int NoteMaxLength = 500;

    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public AlertFilters Filters { get; private set; } = new();
    public BrandScope Scope { get; private set; } = BrandScope.All;
    public IReadOnlyList<string> BrandOptions { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyList<AlertRow> Rows { get; private set; } = [];

    /// <summary>When the rules last ran, and what they could not judge (e.g. no user_id in the tracking data).</summary>
    public EvaluateAlertsJob.LastEvaluation? LastEvaluation { get; private set; }

    /// <summary>False for Finance: they see every alert but acknowledge none (issue 15).</summary>
    public bool MayAcknowledge { get; private set; }

    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync([FromQuery] AlertFilters filters, CancellationToken ct)
    {
        if (Refusal(filters) is { } refusal) return refusal;
        Filters = filters;
        Scope = await reports.ScopeAsync(User, ct);
        BrandOptions = (await alerts.BrandNamesAsync(Scope, ct)).Values.Order(StringComparer.Ordinal).ToList();
        PageNumber = Math.Max(PageNumber, 1);
        (Total, Rows) = await alerts.RunAsync(filters, Scope, ct, (PageNumber, PageSize));
        if (PageNumber > PageCount)   // past the last page (the alerts changed since the link was made): the last one
            (Total, Rows) = await alerts.RunAsync(filters, Scope, ct, (PageNumber = PageCount, PageSize));
        LastEvaluation = await EvaluateAlertsJob.LastEvaluation.ReadAsync(db, ct);
        MayAcknowledge = (await authorization.AuthorizeAsync(User, Policies.AlertAcknowledger)).Succeeded;
        return Page();
    }

    /// <summary>`?handler=Csv`: every alert matching the filters (not one page), the twin's fields.</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] AlertFilters filters, CancellationToken ct)
    {
        if (Refusal(filters) is { } refusal) return refusal;
        var (_, rows) = await alerts.RunAsync(filters, await reports.ScopeAsync(User, ct), ct);
        return new CsvExport<AlertRow>(FileNames.For("alerts", filters.From, filters.To, clock.GetUtcNow(), "csv"), rows, CsvColumns);
    }

    public static readonly IReadOnlyList<CsvColumn<AlertRow>> CsvColumns =
    [
        CsvColumn<AlertRow>.Count("id", r => r.Id), CsvColumn<AlertRow>.Text("rule", r => r.Rule), CsvColumn<AlertRow>.Text("rule_title", r => r.RuleTitle),
        CsvColumn<AlertRow>.Text("severity", r => Lower(r.Severity)), CsvColumn<AlertRow>.Text("status", r => Lower(r.Status)),
        CsvColumn<AlertRow>.Text("scope", r => Lower(r.Scope)), CsvColumn<AlertRow>.Text("subject", r => r.Subject),
        CsvColumn<AlertRow>.Text("message", r => r.Message), CsvColumn<AlertRow>.Text("figures", r => r.Figures),
        CsvColumn<AlertRow>.Text("evidence_url", r => r.EvidenceUrl), CsvColumn<AlertRow>.Text("brands", r => string.Join("; ", r.Brands)),
        CsvColumn<AlertRow>.Text("first_seen_at", r => Iso(r.FirstSeenAt)), CsvColumn<AlertRow>.Text("last_seen_at", r => Iso(r.LastSeenAt)),
        CsvColumn<AlertRow>.Text("resolved_at", r => Iso(r.ResolvedAt)), CsvColumn<AlertRow>.Text("acknowledged_by", r => r.AcknowledgedBy),
        CsvColumn<AlertRow>.Text("acknowledged_at", r => Iso(r.AcknowledgedAt)), CsvColumn<AlertRow>.Text("acknowledgement_note", r => r.AcknowledgementNote),
    ];

    /// <summary>
    /// Acknowledges an open alert with a note (who, when and the severity it had are kept; audited). A brand manager may
    /// acknowledge the alerts of their brands; an id outside their scope is a 404, as if it did not exist. Company-wide
    /// alerts are for admins: brand managers see them without the form and their POST is refused (403). Finance sees
    /// every alert but is refused (403) before any lookup: read-only on alerts, whatever the id.
    /// </summary>
    public async Task<IActionResult> OnPostAcknowledgeAsync(int id, string? note, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, Policies.AlertAcknowledger)).Succeeded)
            return StatusCode(StatusCodes.Status403Forbidden, "Finance is read-only on alerts: admins and brand managers acknowledge them.");
        var scope = await reports.ScopeAsync(User, ct);
        if (await alerts.FindAsync(id, scope, ct) is not { } alert) return NotFound();
        if (!CanAcknowledge(scope, alert.BrandIds))
            return StatusCode(StatusCodes.Status403Forbidden, "Company-wide alerts are acknowledged by admins only.");
        note = note?.Trim();
        if (alert.Status != AlertStatus.Open)
            TempData["Error"] = alert.Status == AlertStatus.Resolved
                ? $"Alert #{alert.Id} is resolved: there is nothing to acknowledge."
                : $"Alert #{alert.Id} was already acknowledged by {alert.AcknowledgedBy} at {alert.AcknowledgedAt:yyyy-MM-dd HH:mm} UTC.";
        else if (string.IsNullOrEmpty(note) || note.Length > NoteMaxLength)
            TempData["Error"] = $"Alert #{alert.Id}: write a note of up to {NoteMaxLength} characters saying why it needs no more attention.";
        else
        {
            var by = User.Identity?.Name ?? "unknown";
            var at = clock.GetUtcNow().UtcDateTime;
            var severity = alert.Severity;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Only while it is still open at the severity shown: the evaluation job may have resolved or raised it meanwhile.
            var changed = await db.Alerts.Where(a => a.Id == alert.Id && a.Status == AlertStatus.Open && a.Severity == severity)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(a => a.Status, AlertStatus.Acknowledged).SetProperty(a => a.AcknowledgedBy, by)
                    .SetProperty(a => a.AcknowledgedAt, at).SetProperty(a => a.AcknowledgementNote, note)
                    .SetProperty(a => a.AcknowledgedSeverity, severity), ct);
            if (changed == 0)
                TempData["Error"] = $"Alert #{alert.Id} changed while you were looking at it: see it again below.";
            else
            {
                await audit.AlertAcknowledgedAsync(alert, note, ct);
                await tx.CommitAsync(ct);
                counts.Invalidate();
                flags.Invalidate();   // the flag's tooltip says "acknowledged" now
                TempData["Message"] = $"Alert #{alert.Id} ({alert.Subject}) acknowledged.";
            }
        }
        return Redirect(Links.WithQuery(Request, "/Alerts", ("handler", null)));
    }

    /// <summary>Admins acknowledge any alert; brand managers those about their brands (never company-wide ones).</summary>
    public static bool CanAcknowledge(BrandScope scope, string brandIds) => scope.IsAll || brandIds.Length > 0;

    public bool CanAcknowledge(AlertRow row) => MayAcknowledge && row.Status == AlertStatus.Open && (Scope.IsAll || !row.CompanyWide);

    public string PageUrl(int page) => Links.WithQuery(Request, "/Alerts", ("p", page.ToString()));

    public string CsvUrl => Links.WithQuery(Request, "/Alerts", ("handler", "Csv"), ("p", null));

    public string ApiUrl => Links.WithQuery(Request, "/api/alerts", ("p", null));

    public string AcknowledgeUrl => Links.WithQuery(Request, "/Alerts", ("handler", "Acknowledge"));

    IActionResult? Refusal(AlertFilters filters) =>
        !ModelState.IsValid ? BadRequest("from and to are dates yyyy-MM-dd; p is a page number")
        : filters.Problem() is { } problem ? BadRequest(problem)
        : null;

    public static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>ISO 8601 UTC, as the audit log's times; empty when there is none.</summary>
    public static string Iso(DateTime? at) => at is { } t ? t.ToString("yyyy-MM-ddTHH:mm:ssZ") : "";
}

using System.Globalization;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Payouts;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Payouts.Runs;

/// <summary>
/// One payout run with its lines and the transitions the viewer may make. The rules are PayoutRunTransitions': this page
/// offers only what they would allow, and shows their refusal when a request asks for more. A run outside the viewer's
/// scope is a 404 for every handler.
/// </summary>
public class DetailsModel(PayoutRunsQuery runs, PayoutRunTransitions transitions, Reports reports, PdfFonts fonts, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }

    public PayoutRunDetail Detail { get; private set; } = null!;
    public PayoutRun Run => Detail.Run;
    bool IsPreparer => string.Equals(Run.PreparedBy, User.Identity?.Name, StringComparison.OrdinalIgnoreCase);
    public bool CanChangeLines => Run.State == PayoutRunState.Draft && IsPreparer;
    public bool CanSubmit => CanChangeLines;
    public bool CanApprove => Run.State == PayoutRunState.Submitted && User.IsInRole(Roles.Finance) && !IsPreparer;
    public bool CanPay => Run.State == PayoutRunState.Approved && User.IsInRole(Roles.Finance);
    public bool CanCancel => Run.State is PayoutRunState.Draft or PayoutRunState.Submitted && (User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Finance));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>`?handler=Excel`: the run's workbook (PayoutRunWorkbook).</summary>
    public async Task<IActionResult> OnGetExcelAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var output = new MemoryStream();
        PayoutRunWorkbook.Write(Detail, output);
        output.Position = 0;
        return File(output, PayoutWorkbook.ContentType, PayoutRunWorkbook.FileName(Run));
    }

    /// <summary>`?handler=BankCsv`: one transfer per line with an amount to pay.</summary>
    public async Task<IActionResult> OnGetBankCsvAsync(CancellationToken ct) =>
        await LoadAsync(ct) ? new CsvExport<BankTransferRow>(BankTransferRow.FileName(Run), BankTransferRow.Of(Detail), BankTransferRow.Columns) : NotFound();

    /// <summary>`?handler=Statement&amp;influencer=A1`: that influencer's statement of the run; 404 when the run has no line for them.</summary>
    public async Task<IActionResult> OnGetStatementAsync(string? influencer, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (Detail.Lines.FirstOrDefault(l => string.Equals(l.InfluencerId, influencer, StringComparison.OrdinalIgnoreCase)) is not { } line) return NotFound();
        fonts.EnsureInstalled();
        var pdf = PayoutStatement.Render(Detail, line, clock.GetUtcNow(), User.Identity?.Name ?? "unknown");
        return File(pdf, "application/pdf", PayoutStatement.FileName(Run, line));
    }

    public Task<IActionResult> OnPostOverrideAsync(int line, string? amount, string? reason, CancellationToken ct) =>
        ActAsync(() => decimal.TryParse(amount, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? transitions.OverrideAsync(Id, line, value, reason, User, ct)
            : Task.FromResult(RunOutcome.Refused("Give the amount to pay as a number, e.g. 1250.50.")), ct);

    public Task<IActionResult> OnPostSubmitAsync(string? note, CancellationToken ct) => ActAsync(() => transitions.SubmitAsync(Id, note, User, ct), ct);

    public Task<IActionResult> OnPostApproveAsync(int[]? ticked, string? note, CancellationToken ct) =>
        ActAsync(() => transitions.ApproveAsync(Id, ticked ?? [], note, User, ct), ct);

    /// <param name="payLine">Each line's id, with <paramref name="payReference"/> and <paramref name="payDate"/> at the same position.</param>
    public Task<IActionResult> OnPostPayAsync(string? reference, DateOnly? date, int[]? payLine, string[]? payReference, string[]? payDate, string? note,
        CancellationToken ct)
    {
        var lines = new List<LinePayment>();
        for (var n = 0; n < (payLine?.Length ?? 0); n++)
            if (n < (payReference?.Length ?? 0) && n < (payDate?.Length ?? 0) && !string.IsNullOrWhiteSpace(payReference![n])
                && DateOnly.TryParseExact(payDate![n], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on))
                lines.Add(new LinePayment(payLine![n], payReference[n], on));
        return ActAsync(() => transitions.MarkPaidAsync(Id, reference, date, lines, note, User, ct), ct);
    }

    public Task<IActionResult> OnPostCancelAsync(string? reason, CancellationToken ct) => ActAsync(() => transitions.CancelAsync(Id, reason, User, ct), ct);

    async Task<IActionResult> ActAsync(Func<Task<RunOutcome>> act, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var outcome = await act();
        TempData[outcome.Done ? "Message" : "Error"] = outcome.Message;
        return RedirectToPage("Details", new { id = Id });
    }

    async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await runs.GetAsync(Id, PayoutRunsQuery.ScopeFor(User, await reports.ScopeAsync(User, ct)), ct) is not { } detail) return false;
        Detail = detail;
        return true;
    }
}

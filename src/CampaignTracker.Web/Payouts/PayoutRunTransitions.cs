using System.Security.Claims;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Payouts;

/// <summary>
/// Issue 15's state machine: Draft → Submitted (its preparer) → Approved (Finance, not the preparer, flagged lines ticked)
/// → Paid (Finance, with a payment reference and date); Draft or Submitted → Cancelled (admin or Finance, with a reason).
/// Each transition records who and when on the run and in the audit log, in one save, and bumps the run's Version:
/// of two concurrent transitions only the first saves, the other is told who got there first.
/// </summary>
public class PayoutRunTransitions(CampaignDbContext db, Reports reports, PayoutsQuery payouts, SettingsStore settings, AuditLog audit, TimeProvider clock)
{
    public async Task<RunOutcome> CreateAsync(ClaimsPrincipal user, DateOnly from, DateOnly to, int? brandId, CancellationToken ct)
    {
        if (!user.IsInRole(Roles.Admin)) return RunOutcome.Refused("Only admins create payout runs.");
        if (to < from) return RunOutcome.Refused("The period ends before it starts.");
        string? brand = null;
        if (brandId is { } id && (brand = await db.Brands.Where(b => b.Id == id).Select(b => b.Name).SingleOrDefaultAsync(ct)) is null)
            return RunOutcome.Refused($"There is no brand #{id}.");

        // The payouts page's own computation for this period and brand, so a run pays what that page shows.
        var filters = new KpiFilters { From = from, To = to, Brand = brand is null ? [] : [brand] };
        var sheet = await payouts.RunAsync(new ReportView(BrandScope.All, filters, CostBasis.Earned, await settings.LiftAsync(ct)), null, false, ct);
        var cube = await reports.CubeAsync(ct);
        var influencers = cube.Influencers.ToDictionary(i => i.Id);
        var declared = cube.Influencers.Where(i => i.Contract is not null).ToDictionary(i => i.Id, i => i.Contract!.TotalPayout);
        var lines = PayoutRunLines.From(sheet.Rows, declared);
        var period = $"{from:yyyy-MM-dd} to {to:yyyy-MM-dd}" + (brand is null ? "" : $" ({brand})");
        if (lines.Count == 0) return RunOutcome.Refused($"No influencer with a contract has orders or posts from {period}: nothing to pay.");

        // No paying twice: any non-cancelled run whose period overlaps this one and pays one of the same influencers.
        // The overlapping runs' lines are read and matched here: a run over the whole period has a line per influencer (50,000
        // at scale 100), and EF 10 sends a list of ids as a parameter each, past SQLite's limit (the export bench found it).
        var ids = lines.Select(l => l.InfluencerId).ToHashSet();
        var overlapping = await (
            from l in db.PayoutRunLines
            join r in db.PayoutRuns on l.RunId equals r.Id
            where r.State != PayoutRunState.Cancelled && r.From <= to && r.To >= @from
            orderby r.Id
            select new { r.Id, r.From, r.To, l.InfluencerId }).ToListAsync(ct);
        var clash = overlapping.FirstOrDefault(o => ids.Contains(o.InfluencerId));
        if (clash is not null)
            return RunOutcome.Refused($"Run #{clash.Id} ({clash.From:yyyy-MM-dd} to {clash.To:yyyy-MM-dd}) already pays influencer " +
                $"{influencers[clash.InfluencerId].ExternalId} for part of this period: cancel it or choose another period.");

        var who = Who(user);
        var run = new PayoutRun
        {
            From = from, To = to, BrandId = brandId, State = PayoutRunState.Draft, PreparedBy = who,
            PreparedAt = clock.GetUtcNow().UtcDateTime, Version = 1,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);   // the run, its lines and its audit entry, or none
        db.PayoutRuns.Add(run);
        await db.SaveChangesAsync(ct);   // the run's number first: its lines and the audit entry name it
        InsertLines(run.Id, lines);
        await audit.RecordAsync(AuditActions.PayoutRunCreated, Subject(run.Id),
            $"{period}, {lines.Count} lines, earned {Money(lines.Sum(l => l.Earned))}", ct, who);
        await tx.CommitAsync(ct);
        return RunOutcome.Ok(run.Id, $"Run #{run.Id} created: {lines.Count} lines.");
    }

    /// <summary>
    /// The lines at once: a whole-period run has a line per influencer, and EF's inserts of 50,000 took most of the
    /// 10.7 s a run took to create at scale 100 (bench-exports).
    /// </summary>
    void InsertLines(int runId, IReadOnlyList<PayoutRunLine> lines)
    {
        using var insert = Ingestion.BulkInsert.Into(db, LineInsert);
        foreach (var l in lines)
            insert.Add(runId, l.InfluencerId, l.Basis, l.Rate, l.Orders, l.Posts, l.Earned, l.Declared, l.Difference, l.Amount, l.OverrideReason,
                l.Ticked, l.PaymentReference, l.PaymentDate);
        insert.Complete();
    }

    static readonly Ingestion.BulkTable LineInsert = new("PayoutRunLines", "RunId", "InfluencerId", "Basis", "Rate", "Orders", "Posts", "Earned",
        "Declared", "Difference", "Amount", "OverrideReason", "Ticked", "PaymentReference", "PaymentDate");

    /// <summary>The SQL this class sends on each provider, for SqlServerStatementTests.</summary>
    internal static IEnumerable<(string Name, string Sql)> Statements(bool sqlServer) =>
        Ingestion.BulkInsert.Statements(nameof(LineInsert), LineInsert, sqlServer);

    public Task<RunOutcome> OverrideAsync(int runId, int lineId, decimal amount, string? reason, ClaimsPrincipal user, CancellationToken ct) =>
        TransitionAsync(runId, user, AuditActions.PayoutRunLineOverridden, run =>
        {
            if (!IsPreparer(run, user)) return Task.FromResult<string?>($"Run #{run.Id} was prepared by {run.PreparedBy}: only they change its lines.");
            if (run.State != PayoutRunState.Draft) return Task.FromResult<string?>($"Run #{run.Id} is {run.State}, not Draft: its lines no longer change.");
            if (run.Lines.SingleOrDefault(l => l.Id == lineId) is not { } line) return Task.FromResult<string?>($"Run #{run.Id} has no line #{lineId}.");
            return Task.FromResult(PayoutRunLines.Override(line, amount, reason));
        }, run => $"line #{lineId}: {Money(amount)}" + (reason is null ? "" : $", {reason.Trim()}"), ct);

    public Task<RunOutcome> SubmitAsync(int runId, string? note, ClaimsPrincipal user, CancellationToken ct) =>
        TransitionAsync(runId, user, AuditActions.PayoutRunSubmitted, run =>
        {
            if (!IsPreparer(run, user)) return Task.FromResult<string?>($"Run #{run.Id} was prepared by {run.PreparedBy}: only they submit it.");
            if (run.State != PayoutRunState.Draft) return Task.FromResult<string?>(WrongState(run, PayoutRunState.Draft));
            (run.State, run.SubmittedBy, run.SubmittedAt, run.SubmitNote) = (PayoutRunState.Submitted, Who(user), Now, Note(note));
            return Task.FromResult<string?>(null);
        }, run => note, ct);

    /// <param name="ticked">The lines the approver ticked: every override and every line beyond tolerance must be among them.</param>
    public Task<RunOutcome> ApproveAsync(int runId, IReadOnlyCollection<int> ticked, string? note, ClaimsPrincipal user, CancellationToken ct) =>
        TransitionAsync(runId, user, AuditActions.PayoutRunApproved, async run =>
        {
            if (!user.IsInRole(Roles.Finance)) return "Only Finance approves runs.";
            if (run.State != PayoutRunState.Submitted) return WrongState(run, PayoutRunState.Submitted);
            if (IsPreparer(run, user)) return $"Run #{run.Id} was prepared by you: another Finance user must approve it.";
            foreach (var line in run.Lines.Where(l => ticked.Contains(l.Id))) line.Ticked = true;
            var unticked = run.Lines.Where(l => l.MustBeTicked && !l.Ticked).Select(l => l.InfluencerId).ToList();
            if (unticked.Count > 0)
            {
                var names = await db.Influencers.Where(i => EF.Parameter(unticked).Contains(i.Id)).Select(i => i.ExternalId).ToListAsync(ct);   // one JSON parameter, as in PayoutRunsQuery
                return $"Run #{run.Id}: tick each override and each difference beyond {Money(Reconciliation.ToleranceRupees)} and " +
                    $"{Reconciliation.TolerancePercent}% before approving; not ticked: {string.Join(", ", names.Order(StringComparer.Ordinal))}.";
            }
            (run.State, run.ApprovedBy, run.ApprovedAt, run.ApproveNote) = (PayoutRunState.Approved, Who(user), Now, Note(note));
            return null;
        }, run => $"ticked: {run.Lines.Count(l => l.Ticked)} of {run.Lines.Count} lines" + (note is null ? "" : $"; {note}"), ct);

    /// <summary>Paid as a whole (<paramref name="reference"/> and <paramref name="date"/>) or line by line (<paramref name="lines"/>, one for each).</summary>
    public Task<RunOutcome> MarkPaidAsync(int runId, string? reference, DateOnly? date, IReadOnlyList<LinePayment>? lines, string? note,
        ClaimsPrincipal user, CancellationToken ct) =>
        TransitionAsync(runId, user, AuditActions.PayoutRunPaid, run =>
        {
            if (!user.IsInRole(Roles.Finance)) return Task.FromResult<string?>("Only Finance marks runs paid.");
            if (run.State != PayoutRunState.Approved) return Task.FromResult<string?>(WrongState(run, PayoutRunState.Approved));
            if (!string.IsNullOrWhiteSpace(reference) && date is { } paidOn)
                (run.PaymentReference, run.PaymentDate) = (reference.Trim(), paidOn);
            else
            {
                var given = (lines ?? []).Where(p => !string.IsNullOrWhiteSpace(p.Reference)).ToDictionary(p => p.LineId);
                var missing = run.Lines.Count(l => !given.ContainsKey(l.Id));
                if (missing > 0)
                    return Task.FromResult<string?>($"Give a payment reference and date for run #{run.Id}, or for each of its lines ({missing} without one).");
                foreach (var line in run.Lines) (line.PaymentReference, line.PaymentDate) = (given[line.Id].Reference.Trim(), given[line.Id].Date);
            }
            (run.State, run.PaidBy, run.PaidAt, run.PaidNote) = (PayoutRunState.Paid, Who(user), Now, Note(note));
            return Task.FromResult<string?>(null);
        }, run => (run.PaymentReference is null ? "paid line by line" : $"{run.PaymentReference} on {run.PaymentDate:yyyy-MM-dd}") +
            $", {Money(run.Lines.Sum(l => l.Amount))}" + (note is null ? "" : $"; {note}"), ct);

    public Task<RunOutcome> CancelAsync(int runId, string? reason, ClaimsPrincipal user, CancellationToken ct) =>
        TransitionAsync(runId, user, AuditActions.PayoutRunCancelled, run =>
        {
            if (!user.IsInRole(Roles.Admin) && !user.IsInRole(Roles.Finance)) return Task.FromResult<string?>("Only admins and Finance cancel runs.");
            if (run.State is not (PayoutRunState.Draft or PayoutRunState.Submitted))
                return Task.FromResult<string?>(run.State == PayoutRunState.Cancelled ? AlreadyDone(run)
                    : $"Run #{run.Id} is {run.State}: only a Draft or Submitted run can be cancelled.");
            if (string.IsNullOrWhiteSpace(reason)) return Task.FromResult<string?>("Say why the run is cancelled.");
            (run.State, run.CancelledBy, run.CancelledAt, run.CancelReason) = (PayoutRunState.Cancelled, Who(user), Now, reason.Trim());
            return Task.FromResult<string?>(null);
        }, run => run.CancelReason, ct);

    /// <param name="apply">Checks the rule on the loaded run and changes it; returns why it is refused, or null.</param>
    async Task<RunOutcome> TransitionAsync(int runId, ClaimsPrincipal user, string action, Func<PayoutRun, Task<string?>> apply,
        Func<PayoutRun, string?> details, CancellationToken ct)
    {
        var run = await db.PayoutRuns.Include(r => r.Lines).SingleOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null) return RunOutcome.Refused($"There is no run #{runId}.");
        if (await apply(run) is { } refusal)
        {
            db.ChangeTracker.Clear();   // nothing of a refused transition may be saved by a later save in this scope
            return RunOutcome.Refused(refusal);
        }
        run.Version++;
        try
        {
            // RecordAsync saves the context: the run's changes and the audit entry land in one statement batch.
            await audit.RecordAsync(action, Subject(run.Id), details(run), ct, Who(user));
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var now = await db.PayoutRuns.AsNoTracking().SingleAsync(r => r.Id == runId, ct);
            return RunOutcome.Refused(AlreadyDone(now));
        }
        return RunOutcome.Ok(run.Id, $"Run #{run.Id} is {run.State}.");
    }

    /// <summary>What someone else did first, named by the run as it now is.</summary>
    static string AlreadyDone(PayoutRun run) => run.State switch
    {
        PayoutRunState.Submitted => $"Run #{run.Id} was already submitted by {run.SubmittedBy}.",
        PayoutRunState.Approved => $"Run #{run.Id} was already approved by {run.ApprovedBy}.",
        PayoutRunState.Paid => $"Run #{run.Id} was already paid by {run.PaidBy}.",
        PayoutRunState.Cancelled => $"Run #{run.Id} was already cancelled by {run.CancelledBy}.",
        _ => $"Run #{run.Id} was changed meanwhile: open it again.",
    };

    static string WrongState(PayoutRun run, PayoutRunState expected) =>
        run.State == expected + 1 || run.State == PayoutRunState.Cancelled ? AlreadyDone(run) : $"Run #{run.Id} is {run.State}, not {expected}.";

    static bool IsPreparer(PayoutRun run, ClaimsPrincipal user) => string.Equals(run.PreparedBy, Who(user), StringComparison.OrdinalIgnoreCase);

    static string Who(ClaimsPrincipal user) => user.Identity?.Name ?? "";

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    static string? Note(string? note) => string.IsNullOrWhiteSpace(note) ? null : note.Trim();

    static string Money(decimal amount) => "₹" + amount.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static string Subject(int runId) => $"payout run #{runId}";
}

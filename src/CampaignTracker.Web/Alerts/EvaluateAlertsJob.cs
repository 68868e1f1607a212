using System.Diagnostics;
using System.Text.Json;
using CampaignTracker.Web.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Alerts;

/// <summary>
/// Issue 14: evaluates the alert rules and keeps one alert per rule and subject. Enqueued after every successful upload
/// (after its snapshot refresh) and run daily at Alerts:DailyAt (UTC). Re-evaluation updates an alert's figures and
/// last-seen time, resolves what no longer holds, opens a resolved alert again when it returns, and keeps an
/// acknowledged alert acknowledged unless its severity rises. Running it twice changes nothing but last-seen times.
/// </summary>
public class EvaluateAlertsJob(CampaignDbContext db, AlertEvaluator evaluator, TimeProvider clock, ILogger<EvaluateAlertsJob> log)
{
    public const string RecurringId = "alerts-daily";

    public sealed record Outcome(int Opened, int Updated, int Resolved, int Open, TimeSpan Took, IReadOnlyList<string> Notes);

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<Outcome> RunAsync(CancellationToken ct)
    {
        var clockStart = Stopwatch.StartNew();
        var evaluation = await evaluator.EvaluateAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;

        var existing = await db.Alerts.ToDictionaryAsync(a => (a.Rule, a.SubjectKey), ct);
        int opened = 0, updated = 0, resolved = 0;
        foreach (var finding in evaluation.Findings)
        {
            if (existing.Remove((finding.Rule, finding.SubjectKey), out var alert))
            {
                if (alert.Status == AlertStatus.Resolved) Reopen(alert);
                else if (alert.Status == AlertStatus.Acknowledged && finding.Severity > alert.AcknowledgedSeverity) alert.Status = AlertStatus.Open;
                updated++;
            }
            else
            {
                db.Alerts.Add(alert = new Alert { Rule = finding.Rule, SubjectKey = finding.SubjectKey, FirstSeenAt = now, Status = AlertStatus.Open });
                opened++;
            }
            alert.Scope = finding.Scope;
            alert.Subject = Cut(finding.Subject, 400);
            alert.Severity = finding.Severity;
            alert.Message = Cut(finding.Message, 2000);
            alert.Figures = Cut(JsonSerializer.Serialize(finding.Figures, JsonSerializerOptions.Web), 8000);
            alert.EvidenceUrl = Cut(finding.EvidenceUrl, 2000);
            alert.InfluencerId = finding.InfluencerId;
            alert.Campaign = finding.Campaign;
            alert.BrandIds = finding.BrandIdsText;
            alert.LastSeenAt = now;
        }
        // What was not found again no longer holds (every rule that is on ran); a switched-off rule's alerts end too.
        foreach (var alert in existing.Values)
        {
            if (alert.Status == AlertStatus.Resolved) continue;
            alert.Status = AlertStatus.Resolved;
            alert.ResolvedAt = now;
            resolved++;
        }
        await db.SaveChangesAsync(ct);

        var open = await db.Alerts.CountAsync(a => a.Status != AlertStatus.Resolved, ct);
        var outcome = new Outcome(opened, updated, resolved, open, clockStart.Elapsed, evaluation.Notes);
        log.LogInformation("Alerts evaluated in {Ms} ms: {Opened} new, {Updated} seen again, {Resolved} resolved, {Open} not resolved. {Notes}",
            (long)outcome.Took.TotalMilliseconds, opened, updated, resolved, open, string.Join("; ", evaluation.Notes));
        return outcome;
    }

    // It came back after it was resolved: a new occurrence, so an earlier acknowledgement does not cover it.
    static void Reopen(Alert alert)
    {
        alert.Status = AlertStatus.Open;
        alert.ResolvedAt = null;
        alert.AcknowledgedAt = null;
        alert.AcknowledgedBy = null;
        alert.AcknowledgementNote = null;
        alert.AcknowledgedSeverity = null;
    }

    static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

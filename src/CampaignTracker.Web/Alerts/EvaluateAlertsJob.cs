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
public class EvaluateAlertsJob(CampaignDbContext db, AlertEvaluator evaluator, AlertCounts counts, InfluencerFlags flags, TimeProvider clock, ILogger<EvaluateAlertsJob> log)
{
    public const string RecurringId = "alerts-daily";

    /// <param name="Phases">Each rule's time, then the time to store the alerts.</param>
    public sealed record Outcome(int Opened, int Updated, int Resolved, int Open, TimeSpan Took, IReadOnlyList<string> Notes,
        IReadOnlyList<(string Phase, TimeSpan Took)> Phases);

    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<Outcome> RunAsync(CancellationToken ct)
    {
        var clockStart = Stopwatch.StartNew();
        var evaluation = await evaluator.EvaluateAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var storing = Stopwatch.StartNew();

        // Read without tracking and write back only what changed: at scale 100 most of ~90,000 alerts are the same as
        // last time, and last-seen, which changes on all of them, is one UPDATE at the end.
        var existing = await db.Alerts.AsNoTracking().ToDictionaryAsync(a => (a.Rule, a.SubjectKey), ct);
        int updated = 0, resolved = 0;
        var (added, changed) = (new List<Alert>(), new List<Alert>());
        foreach (var finding in evaluation.Findings)
        {
            var figures = Cut(JsonSerializer.Serialize(finding.Figures, JsonSerializerOptions.Web), 8000);
            if (!existing.Remove((finding.Rule, finding.SubjectKey), out var alert))
            {
                added.Add(Fill(new Alert { Rule = finding.Rule, SubjectKey = finding.SubjectKey, FirstSeenAt = now, LastSeenAt = now, Status = AlertStatus.Open,
                    NoticeAt = now, NoticeSeverity = finding.Severity }, finding, figures));
                continue;
            }
            updated++;
            var status = alert.Status;
            var noticed = alert.NoticeAt;
            if (alert.Status == AlertStatus.Resolved) Reopen(alert);
            else if (alert.Status == AlertStatus.Acknowledged && finding.Severity > alert.AcknowledgedSeverity) alert.Status = AlertStatus.Open;
            // News to mail: opened again, or more severe than when it was last mailed about (issue 16).
            if (alert.Status == AlertStatus.Open && (status == AlertStatus.Resolved || finding.Severity > alert.NoticeSeverity))
                (alert.NoticeAt, alert.NoticeSeverity) = (now, finding.Severity);
            if (alert.Status == status && alert.NoticeAt == noticed && Same(alert, finding, figures)) continue;
            changed.Add(Fill(alert, finding, figures));
        }
        // What was not found again no longer holds (every rule that is on ran); a switched-off rule's alerts end too.
        foreach (var alert in existing.Values.Where(a => a.Status != AlertStatus.Resolved))
        {
            alert.Status = AlertStatus.Resolved;
            alert.ResolvedAt = now;
            changed.Add(alert);
            resolved++;
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            Insert(added);
            Update(changed);
            // Every alert not resolved now was found by this evaluation.
            await db.Alerts.Where(a => a.Status != AlertStatus.Resolved).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSeenAt, now), ct);
            await RecordAsync(new LastEvaluation(now, clockStart.Elapsed.TotalSeconds, evaluation.Notes), ct);
            await tx.CommitAsync(ct);
        }
        counts.Invalidate();   // the navigation bar's counts of this process
        flags.Invalidate();    // and the influencer flags of its pages

        var open = await db.Alerts.CountAsync(a => a.Status != AlertStatus.Resolved, ct);
        var opened = added.Count;
        var outcome = new Outcome(opened, updated, resolved, open, clockStart.Elapsed, evaluation.Notes,
            [.. evaluation.Took.Select(t => (t.Key, t.Value)), ("store the alerts", storing.Elapsed)]);
        log.LogInformation("Alerts evaluated in {Ms} ms: {Opened} new, {Updated} seen again, {Resolved} resolved, {Open} not resolved. {Notes}",
            (long)outcome.Took.TotalMilliseconds, opened, updated, resolved, open, string.Join("; ", evaluation.Notes));
        return outcome;
    }

    /// <summary>
    /// The changed alerts, a prepared statement run for each (after new data, most payout discrepancies change their figures:
    /// at scale 100 EF's updates of ~50,000 took 8.8 s).
    /// </summary>
    void Update(List<Alert> alerts)
    {
        using var update = new Ingestion.BulkCommand(db, AlertUpdate, 18);
        foreach (var a in alerts)
            update.Run(a.Id, a.Scope, a.Subject, a.Severity, a.Status, a.Message, a.Figures, a.EvidenceUrl, a.InfluencerId, a.Campaign, a.BrandIds,
                a.ResolvedAt, a.AcknowledgedBy, a.AcknowledgedAt, a.AcknowledgementNote, a.AcknowledgedSeverity, a.NoticeAt, a.NoticeSeverity);
    }

    const string AlertUpdate =
        "UPDATE Alerts SET Scope = @p1, Subject = @p2, Severity = @p3, Status = @p4, Message = @p5, Figures = @p6, EvidenceUrl = @p7, InfluencerId = @p8, " +
        "Campaign = @p9, BrandIds = @p10, ResolvedAt = @p11, AcknowledgedBy = @p12, AcknowledgedAt = @p13, AcknowledgementNote = @p14, " +
        "AcknowledgedSeverity = @p15, NoticeAt = @p16, NoticeSeverity = @p17 WHERE Id = @p0";

    /// <summary>The new alerts at once (at scale 100 the first evaluation finds ~90,000: EF's inserts took 12 s, this well under 1).</summary>
    void Insert(List<Alert> alerts)
    {
        using var insert = Ingestion.BulkInsert.Into(db, Insertion);
        foreach (var a in alerts)
            insert.Add(a.Rule, a.SubjectKey, a.Scope, a.Subject, a.Severity, a.Status, a.Message, a.Figures, a.EvidenceUrl, a.InfluencerId, a.Campaign,
                a.BrandIds, a.FirstSeenAt, a.LastSeenAt, a.NoticeAt, a.NoticeSeverity);
        insert.Complete();
    }

    static readonly Ingestion.BulkTable Insertion = new("Alerts", "Rule", "SubjectKey", "Scope", "Subject", "Severity", "Status", "Message", "Figures",
        "EvidenceUrl", "InfluencerId", "Campaign", "BrandIds", "FirstSeenAt", "LastSeenAt", "NoticeAt", "NoticeSeverity");

    /// <summary>The SQL this class sends on each provider, for SqlServerStatementTests.</summary>
    internal static IEnumerable<(string Name, string Sql)> Statements(bool sqlServer) =>
        [.. Ingestion.BulkInsert.Statements(nameof(Insertion), Insertion, sqlServer), (nameof(AlertUpdate), AlertUpdate)];

    /// <summary>When the rules last ran and what they could not judge, for the Alerts page.</summary>
    public sealed record LastEvaluation(DateTime At, double Seconds, IReadOnlyList<string> Notes)
    {
        public const string Key = "Alerts:LastEvaluation";

        public static async Task<LastEvaluation?> ReadAsync(CampaignDbContext db, CancellationToken ct) =>
            await db.Settings.AsNoTracking().Where(s => s.Key == Key).Select(s => s.Value).SingleOrDefaultAsync(ct) is { } json
                ? JsonSerializer.Deserialize<LastEvaluation>(json, JsonSerializerOptions.Web)
                : null;
    }

    // A record of the job, not a choice of an admin: kept with the settings but not audited (it changes on every run).
    async Task RecordAsync(LastEvaluation last, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(last, JsonSerializerOptions.Web);
        if (await db.Settings.AnyAsync(s => s.Key == LastEvaluation.Key, ct))
            await db.Settings.Where(s => s.Key == LastEvaluation.Key).ExecuteUpdateAsync(s => s.SetProperty(x => x.Value, json), ct);
        else
        {
            db.Settings.Add(new Setting { Key = LastEvaluation.Key, Value = json });
            await db.SaveChangesAsync(ct);
        }
    }

    static Alert Fill(Alert alert, AlertFinding finding, string figures)
    {
        alert.Scope = finding.Scope;
        alert.Subject = Cut(finding.Subject, 400);
        alert.Severity = finding.Severity;
        alert.Message = Cut(finding.Message, 2000);
        alert.Figures = figures;
        alert.EvidenceUrl = Cut(finding.EvidenceUrl, 2000);
        alert.InfluencerId = finding.InfluencerId;
        alert.Campaign = finding.Campaign;
        alert.BrandIds = finding.BrandIdsText;
        return alert;
    }

    static bool Same(Alert alert, AlertFinding finding, string figures) =>
        (alert.Scope, alert.Subject, alert.Severity, alert.Message, alert.Figures, alert.EvidenceUrl, alert.InfluencerId, alert.Campaign, alert.BrandIds) ==
        (finding.Scope, Cut(finding.Subject, 400), finding.Severity, Cut(finding.Message, 2000), figures, Cut(finding.EvidenceUrl, 2000), finding.InfluencerId,
            finding.Campaign, finding.BrandIdsText);

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

using System.Globalization;
using System.Text.Json;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Pages;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Mail;

/// <summary>
/// Alert mails (issue 16). An alert is news once: when it opens (or opens again) and when its severity rises
/// (<see cref="Alert.NoticeAt"/>). Each user gets the news within their brand scope, for the rules and severities they
/// chose: "immediately" as one mail per evaluation, "daily" as one summary at their time of day.
/// </summary>
public class AlertMails(CampaignDbContext db, Recipients recipients, Outbox outbox, EmailSettings settings, UnsubscribeLinks unsubscribe, TimeProvider clock)
{
    /// <summary>Alerts listed in full in one mail; the rest are counted, with a link to the Alerts page.</summary>
    public const int Listed = 20;

    /// <summary>Queues each recipient's immediate mail about the alerts noticed since their last one.</summary>
    public async Task<int> QueueImmediateAsync(IReadOnlyList<Recipient> everyone, CancellationToken ct)
    {
        var queued = 0;
        foreach (var r in everyone)
        {
            var p = r.Preference;
            if (p is { Critical: not Delivery.Immediately, Warning: not Delivery.Immediately, Info: not Delivery.Immediately }) continue;
            var (news, through) = await NewsAsync(r, p.ImmediateThrough, Delivery.Immediately, ct);
            if (through is null) continue;
            if (news.Count > 0 && await outbox.QueueAsync(Compose(r, news, daily: false, $"alerts:{r.UserId}:{through.Value.Ticks}"), ct)) queued++;
            await recipients.ChangeAsync(r.UserId, p => p.ImmediateThrough = through, ct);
        }
        return queued;
    }

    /// <summary>Queues the daily summary of <paramref name="r"/> for the occurrence <paramref name="due"/> (nothing when there is no news).</summary>
    public async Task<bool> QueueDailyAsync(Recipient r, DateTime due, CancellationToken ct)
    {
        var (news, through) = await NewsAsync(r, r.Preference.DailyThrough, Delivery.Daily, ct);
        var queued = news.Count > 0 && await outbox.QueueAsync(Compose(r, news, daily: true, $"daily:{r.UserId}:{due.Ticks}"), ct);
        await recipients.ChangeAsync(r.UserId, p => { p.DailyDoneFor = due; if (through is not null) p.DailyThrough = through; }, ct);
        return queued;
    }

    /// <summary>Open alerts noticed after <paramref name="after"/> that the user sees and asked for by <paramref name="delivery"/>; and the latest notice time read.</summary>
    async Task<(List<Alert> News, DateTime? Through)> NewsAsync(Recipient r, DateTime? after, Delivery delivery, CancellationToken ct)
    {
        var noticed = AlertsQuery.Visible(db.Alerts.AsNoTracking(), r.Scope).Where(a => a.NoticeAt != null);
        if (after is { } since) noticed = noticed.Where(a => a.NoticeAt > since);
        var through = await noticed.MaxAsync(a => a.NoticeAt, ct);
        if (through is null) return ([], null);
        var alerts = await noticed.Where(a => a.NoticeAt <= through && a.Status == AlertStatus.Open).ToListAsync(ct);
        var news = alerts.Where(a => r.Preference.For(a.Severity) == delivery && !r.Preference.Mutes(a.Rule))
            .OrderByDescending(a => a.Severity).ThenBy(a => a.Rule).ThenBy(a => a.Subject, StringComparer.Ordinal).ToList();
        return (news, through);
    }

    internal MailDraft Compose(Recipient r, IReadOnlyList<Alert> news, bool daily, string onceKey)
    {
        var stream = daily ? MailStream.DailySummary : MailStream.Alerts;
        var counts = string.Join(", ", news.GroupBy(a => a.Severity).OrderByDescending(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        var subject = daily
            ? $"{r.ScopeName} daily alerts: {news.Count} new ({counts})"
            : news.Count == 1
                ? $"{news[0].Severity} alert: {Title(news[0])} — {news[0].Subject}"
                : $"{r.ScopeName}: {news.Count} new alerts ({counts})";

        var body = new MailBody();
        body.Paragraph(daily
            ? $"Alerts opened, or more severe than before, since your last daily summary, in {Scope(r)}."
            : $"New alerts in {Scope(r)}, as the rules found them at {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC.");
        foreach (var alert in news.Take(Listed)) Describe(body, alert);
        if (news.Count > Listed)
            body.Paragraph($"… and {news.Count - Listed} more.").Link("All open alerts", settings.Link("/Alerts"));
        var unsubscribeUrl = unsubscribe.UrlFor(r.UserId, stream);
        var (html, text) = body.Finish(subject, $"You receive this because your notification settings send {UnsubscribeLinks.Describe(stream)} to {r.Email}.",
            settings.Link("/Account/Notifications"), unsubscribeUrl);
        return new MailDraft(daily ? MailKind.DailySummary : MailKind.Alert, r.UserId, r.Email, subject, html, text, unsubscribeUrl, OnceKey: onceKey);
    }

    void Describe(MailBody body, Alert alert)
    {
        body.Heading($"{alert.Severity}: {Title(alert)} — {alert.Subject}").Paragraph(alert.Message);
        if (Figures(alert.Figures) is { Count: > 0 } figures)
            body.Table(["Figure", "Value"], figures.Select(f => (IReadOnlyList<string>)[f.Name, f.Value]));
        body.Link("Open the alert", settings.Link($"/Alerts?id={alert.Id}&status=all"));
        if (AlertRow.IsAppPath(alert.EvidenceUrl)) body.Link("See the evidence", settings.Link(alert.EvidenceUrl));
    }

    static string Title(Alert a) => AlertRules.Titles.GetValueOrDefault(a.Rule, a.Rule);

    static string Scope(Recipient r) => r.Scope.IsAll ? "all brands" : r.BrandNames.Count == 0 ? "no brands" : $"your brands ({string.Join(", ", r.BrandNames)})";

    /// <summary>Amounts of money in ₹, other numbers with thousands separators, as on the pages.</summary>
    static readonly HashSet<string> Money = ["revenue", "payout", "moneyLost", "declared", "earned", "difference", "rate", "amount", "spend", "value", "median", "mad", "low", "high"];

    internal static List<(string Name, string Value)> Figures(string json)
    {
        var figures = new List<(string, string)>();
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return figures;
            foreach (var p in doc.RootElement.EnumerateObject())
                figures.Add((p.Name, p.Value.ValueKind switch
                {
                    JsonValueKind.Number when p.Value.TryGetDecimal(out var d) => Money.Contains(p.Name) ? Display.Rupees(d)
                        : d == decimal.Truncate(d) ? d.ToString("N0", CultureInfo.InvariantCulture) : d.ToString("#,0.####", CultureInfo.InvariantCulture),
                    JsonValueKind.Null => "—",
                    JsonValueKind.String => p.Value.GetString() ?? "",
                    _ => p.Value.GetRawText(),
                }));
        }
        catch (JsonException)
        {
            // Written by the evaluation job; a malformed value leaves the mail without figures, not unsent.
        }
        return figures;
    }
}

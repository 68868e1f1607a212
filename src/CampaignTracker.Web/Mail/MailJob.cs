using CampaignTracker.Web.Data;
using Hangfire;

namespace CampaignTracker.Web.Mail;

/// <summary>
/// The mail job (issue 16), every minute and after each alert evaluation: queues what is due — alert news for those who
/// want it at once, daily summaries and weekly digests whose time has come in each user's time zone — then sends the
/// outbox. With e-mail off (no Email:Host) it does nothing.
/// </summary>
public class MailJob(EmailSettings settings, Recipients recipients, AlertMails alertMails, Digests digests, Outbox outbox,
    OutboxSender sender, TimeProvider clock, ILogger<MailJob> log)
{
    public const string RecurringId = "mail";

    public sealed record Outcome(int AlertMails, int DailySummaries, int Digests, OutboxSender.Outcome Sending);

    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [AutomaticRetry(Attempts = 0)]   // the next minute's run is the retry
    public async Task<Outcome> RunAsync(CancellationToken ct)
    {
        if (!settings.Enabled) return new(0, 0, 0, new(0, 0, 0));
        var (alerts, daily, weekly) = await QueueDueAsync(ct);
        return new(alerts, daily, weekly, await sender.SendDueAsync(ct));
    }

    /// <summary>Queues the alert mails, daily summaries and digests that are due now; each once (once-keys and the users' marks).</summary>
    public async Task<(int Alerts, int Daily, int Digests)> QueueDueAsync(CancellationToken ct)
    {
        var everyone = await recipients.AllAsync(ct);
        var alerts = await alertMails.QueueImmediateAsync(everyone, ct);
        int daily = 0, weekly = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var r in everyone)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(r.Preference.TimeZone, out var zone))
            {
                log.LogWarning("Mail: {Email} has the unknown time zone {Zone}; no digest or summary until it is fixed", r.Email, r.Preference.TimeZone);
                continue;
            }
            if (MailSchedule.DailyDue(r.Preference, zone, now) is { } summaryDue && await alertMails.QueueDailyAsync(r, summaryDue, ct)) daily++;
            if (MailSchedule.DigestDue(r.Preference, zone, now) is { } digestDue)
            {
                if (await outbox.QueueAsync(await digests.ComposeAsync(r, r.Email, MailKind.Digest, $"digest:{r.UserId}:{digestDue.Ticks}", ct), ct)) weekly++;
                await recipients.ChangeAsync(r.UserId, p => p.DigestDoneFor = digestDue, ct);
            }
        }
        return (alerts, daily, weekly);
    }
}

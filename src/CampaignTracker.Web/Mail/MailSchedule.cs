using CampaignTracker.Web.Data;
using Cronos;

namespace CampaignTracker.Web.Mail;

/// <summary>
/// When a user's digest (weekly, on their day) and daily alert summary are due: their local time of day in their IANA
/// time zone, as UTC instants (Cronos, which handles daylight saving: a time skipped by the clock change runs at the
/// first instant after it, a repeated one once).
/// </summary>
public static class MailSchedule
{
    public static CronExpression Weekly(DayOfWeek day, TimeOnly at) => CronExpression.Parse($"{at.Minute} {at.Hour} * * {(int)day}");

    public static CronExpression Daily(TimeOnly at) => CronExpression.Parse($"{at.Minute} {at.Hour} * * *");

    /// <summary>The first occurrence strictly after <paramref name="afterUtc"/>, in UTC.</summary>
    public static DateTime Next(CronExpression schedule, TimeZoneInfo zone, DateTime afterUtc) =>
        schedule.GetNextOccurrence(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc), zone)
        ?? throw new InvalidOperationException("a weekly or daily schedule always has a next occurrence");

    /// <summary>
    /// The occurrence to send now: the latest at or before <paramref name="nowUtc"/> that is after <paramref name="doneFor"/>
    /// (the last one sent). A user never sent one before gets only an occurrence of the last hour: a new account or a
    /// changed time does not send last week's digest at once.
    /// </summary>
    public static DateTime? Due(CronExpression schedule, TimeZoneInfo zone, DateTime nowUtc, DateTime? doneFor)
    {
        var since = doneFor ?? nowUtc.AddHours(-1);
        DateTime? latest = null;
        for (var at = Next(schedule, zone, since); at <= nowUtc; at = Next(schedule, zone, at)) latest = at;
        return latest;
    }

    public static DateTime? DigestDue(NotificationPreference p, TimeZoneInfo zone, DateTime nowUtc) =>
        p.Digest ? Due(Weekly(p.DigestDay, p.SendAt), zone, nowUtc, p.DigestDoneFor) : null;

    public static DateTime? DailyDue(NotificationPreference p, TimeZoneInfo zone, DateTime nowUtc) =>
        Due(Daily(p.SendAt), zone, nowUtc, p.DailyDoneFor);
}

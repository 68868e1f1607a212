using CampaignTracker.Web.Data;
using CampaignTracker.Web.Mail;

namespace CampaignTracker.Tests.Mail;

/// <summary>Digest and summary times against instants worked out by hand from the zones' offsets.</summary>
public class MailScheduleTests
{
    static DateTime Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, DateTimeKind.Utc);
    static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Fact]
    public void Monday_07_00_in_Kolkata_is_due_at_Monday_01_30_UTC()
    {
        // UTC+05:30 all year: 07:00 − 5:30 = 01:30. 2026-12-06 is a Sunday.
        var next = MailSchedule.Next(MailSchedule.Weekly(DayOfWeek.Monday, new(7, 0)), Zone("Asia/Kolkata"), Utc(2026, 12, 6, 12, 0));
        Assert.Equal(Utc(2026, 12, 7, 1, 30), next);
        Assert.Equal(DateTimeKind.Utc, next.Kind);
    }

    [Theory]
    // New York: EST (UTC−5) until 2027-03-14 02:00, then EDT (UTC−4).
    [InlineData(2027, 3, 2, 2027, 3, 8, 12, 0)]    // Monday 8 March, still EST: 07:00 + 5 h
    [InlineData(2027, 3, 9, 2027, 3, 15, 11, 0)]   // Monday 15 March, EDT: 07:00 + 4 h
    [InlineData(2027, 10, 30, 2027, 11, 1, 11, 0)] // Monday 1 November, still EDT (ends 7 November)
    [InlineData(2027, 11, 2, 2027, 11, 8, 12, 0)]  // Monday 8 November, EST again
    public void Monday_07_00_in_New_York_follows_daylight_saving(int ay, int am, int ad, int y, int m, int d, int h, int mi) =>
        Assert.Equal(Utc(y, m, d, h, mi), MailSchedule.Next(MailSchedule.Weekly(DayOfWeek.Monday, new(7, 0)), Zone("America/New_York"), Utc(ay, am, ad, 0, 0)));

    [Fact]
    public void A_time_the_clock_skips_runs_at_the_first_instant_after_it_and_a_repeated_one_once()
    {
        var zone = Zone("America/New_York");
        // Sunday 2027-03-14 02:30 does not exist (02:00 → 03:00 EDT): 03:00 EDT = 07:00 UTC.
        Assert.Equal(Utc(2027, 3, 14, 7, 0), MailSchedule.Next(MailSchedule.Weekly(DayOfWeek.Sunday, new(2, 30)), zone, Utc(2027, 3, 13, 0, 0)));
        // Sunday 2027-11-07 01:30 happens twice (EDT, then EST): sent at the first, 05:30 UTC, and not again at 06:30.
        var daily = MailSchedule.Daily(new(1, 30));
        var first = MailSchedule.Next(daily, zone, Utc(2027, 11, 7, 0, 0));
        Assert.Equal(Utc(2027, 11, 7, 5, 30), first);
        Assert.Equal(Utc(2027, 11, 8, 6, 30), MailSchedule.Next(daily, zone, first));   // Monday 01:30 EST
    }

    [Fact]
    public void Due_gives_the_latest_occurrence_not_yet_sent_and_nothing_from_before_a_first_hour()
    {
        var weekly = MailSchedule.Weekly(DayOfWeek.Monday, new(7, 0));
        var kolkata = Zone("Asia/Kolkata");
        var monday = Utc(2026, 12, 7, 1, 30);
        Assert.Null(MailSchedule.Due(weekly, kolkata, monday.AddMinutes(-1), doneFor: null));           // not yet
        Assert.Equal(monday, MailSchedule.Due(weekly, kolkata, monday, doneFor: null));                  // on the minute
        Assert.Equal(monday, MailSchedule.Due(weekly, kolkata, monday.AddMinutes(59), doneFor: null));   // within the first hour
        Assert.Null(MailSchedule.Due(weekly, kolkata, monday.AddHours(2), doneFor: null));               // a new user: not last Monday's
        Assert.Null(MailSchedule.Due(weekly, kolkata, monday.AddHours(2), doneFor: monday));             // sent already
        // Down for three weeks: one digest, the latest one, not three.
        Assert.Equal(monday.AddDays(21), MailSchedule.Due(weekly, kolkata, monday.AddDays(22), doneFor: monday));
    }

    [Fact]
    public void A_switched_off_digest_is_never_due()
    {
        var p = new NotificationPreference { Digest = false, DigestDay = DayOfWeek.Monday, SendAt = new(7, 0), TimeZone = "Asia/Kolkata" };
        Assert.Null(MailSchedule.DigestDue(p, Zone(p.TimeZone), Utc(2026, 12, 7, 1, 30)));
        p.Digest = true;
        Assert.Equal(Utc(2026, 12, 7, 1, 30), MailSchedule.DigestDue(p, Zone(p.TimeZone), Utc(2026, 12, 7, 1, 30)));
    }

    [Theory]
    [InlineData(1, 60)]
    [InlineData(2, 120)]
    [InlineData(3, 240)]
    [InlineData(7, 3_840)]
    [InlineData(30, 86_400)]   // at most a day
    public void Retries_wait_twice_as_long_each_time(int failedAttempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxSender.Backoff(TimeSpan.FromMinutes(1), failedAttempts));
}

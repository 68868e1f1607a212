using System.Net;
using System.Text.RegularExpressions;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Mail;

/// <summary>Each user's choices on the Notifications page, and what they make the mail job send (real SMTP on loopback).</summary>
[Collection(AppCollection.Name)]
public class NotificationsTests(MailApp app) : IClassFixture<MailApp>
{
    static async Task<HttpResponseMessage> SaveAsync(HttpClient client, params (string, string)[] fields)
    {
        var token = AppFactory.TokenIn(await client.GetStringAsync("/Account/Notifications"));
        return await client.PostAsync("/Account/Notifications", new FormUrlEncodedContent([.. fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)),
            KeyValuePair.Create("__RequestVerificationToken", token)]));
    }

    NotificationPreference Stored(string email) => app.Using(sp =>
    {
        var db = sp.GetRequiredService<CampaignDbContext>();
        var id = db.Users.Single(u => u.Email == email).Id;
        return db.NotificationPreferences.AsNoTracking().Single(p => p.UserId == id);
    });

    [Fact]
    public async Task The_page_shows_the_defaults_and_saves_the_users_choices_audited()
    {
        var client = await app.BrandManagerAsync("choices@test.local", "HKVitals");
        var page = await client.GetStringAsync("/Account/Notifications");
        Assert.Contains("id=\"Critical-Immediately\" value=\"Immediately\" checked=\"checked\"", page);
        Assert.Contains("id=\"Warning-Daily\" value=\"Daily\" checked=\"checked\"", page);
        Assert.Contains("id=\"Info-Never\" value=\"Never\" checked=\"checked\"", page);
        Assert.Contains("value=\"Asia/Kolkata\"", page);
        Assert.DoesNotContain("id=\"email-off\"", page);

        var saved = await SaveAsync(client, ("Input.Critical", "Daily"), ("Input.Warning", "Never"), ("Input.Info", "Never"),
            ("Input.Rules", AlertRules.IroasUnderTarget), ("Input.Rules", AlertRules.StaleData),
            ("Input.Digest", "true"), ("Input.DigestDay", "Friday"), ("Input.SendAt", "18:30"), ("Input.TimeZone", "Europe/London"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var p = Stored("choices@test.local");
        Assert.Equal((Delivery.Daily, Delivery.Never, Delivery.Never), (p.Critical, p.Warning, p.Info));
        Assert.Equal((true, DayOfWeek.Friday, new TimeOnly(18, 30), "Europe/London"), (p.Digest, p.DigestDay, p.SendAt, p.TimeZone));
        Assert.True(p.Mutes(AlertRules.SpendSpike));
        Assert.False(p.Mutes(AlertRules.StaleData));
        Assert.Contains("id=\"Critical-Daily\" value=\"Daily\" checked=\"checked\"", await client.GetStringAsync("/Account/Notifications"));
        Assert.Single(app.Using(sp => sp.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.NotificationsChanged && e.Actor == "choices@test.local").ToList()));
    }

    [Fact]
    public async Task An_unknown_time_zone_is_refused_with_its_name_and_changes_nothing()
    {
        var client = await app.BrandManagerAsync("badzone@test.local", "HKVitals");
        await SaveAsync(client, ("Input.Critical", "Immediately"), ("Input.Warning", "Daily"), ("Input.Info", "Never"), ("Input.Digest", "true"),
            ("Input.DigestDay", "Monday"), ("Input.SendAt", "07:00"), ("Input.TimeZone", "Asia/Kolkata"));
        var refused = await SaveAsync(client, ("Input.Critical", "Never"), ("Input.Warning", "Never"), ("Input.Info", "Never"), ("Input.Digest", "false"),
            ("Input.DigestDay", "Monday"), ("Input.SendAt", "07:00"), ("Input.TimeZone", "Mars/Olympus"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("&#x27;Mars/Olympus&#x27; is not a time zone this server knows", await refused.Content.ReadAsStringAsync());
        Assert.Equal((Delivery.Immediately, true), (Stored("badzone@test.local").Critical, Stored("badzone@test.local").Digest));
    }

    [Fact]
    public async Task A_severity_switched_to_immediately_mails_what_is_noticed_from_then_on_not_before()
    {
        var client = await app.BrandManagerAsync("switch@test.local", "MuscleBlaze");
        var brand = AlertData.BrandId(app, "MuscleBlaze");
        Alert Info(string subject)
        {
            var a = AlertData.Make(subject, [brand], AlertSeverity.Info, rule: AlertRules.ImplausibleEngagement);
            (a.NoticeAt, a.NoticeSeverity) = (DateTime.UtcNow, AlertSeverity.Info);
            return a;
        }
        await AlertData.InsertAsync(app, Info("Before the switch (MuscleBlaze)"));
        await SaveAsync(client, ("Input.Critical", "Never"), ("Input.Warning", "Never"), ("Input.Info", "Immediately"),
            ("Input.Rules", AlertRules.ImplausibleEngagement), ("Input.DigestDay", "Monday"), ("Input.SendAt", "07:00"), ("Input.TimeZone", "UTC"));
        await Task.Delay(10);
        await AlertData.InsertAsync(app, Info("After the switch (MuscleBlaze)"));

        await app.RunMailJobAsync();

        var (_, mail) = Assert.Single(app.Smtp.To("switch@test.local"));
        Assert.Contains("After the switch", mail.Subject);
        Assert.DoesNotContain("Before the switch", mail.TextBody ?? "");
    }

    [Fact]
    public async Task The_daily_summary_gathers_the_days_news_for_the_rules_chosen_at_the_users_time()
    {
        await app.BrandManagerAsync("daily@test.local", "MuscleBlaze");
        var userId = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Users.Single(u => u.Email == "daily@test.local").Id);
        var brand = AlertData.BrandId(app, "MuscleBlaze");
        var now = DateTime.UtcNow;
        Alert Noticed(string subject, string rule, AlertSeverity severity)
        {
            var a = AlertData.Make(subject, [brand], severity, rule: rule);
            (a.NoticeAt, a.NoticeSeverity) = (now, severity);
            return a;
        }
        await AlertData.InsertAsync(app, Noticed("Daily one (MuscleBlaze)", AlertRules.RevenueDrop, AlertSeverity.Warning),
            Noticed("Daily two (MuscleBlaze)", AlertRules.RevenueDrop, AlertSeverity.Warning),
            Noticed("Muted rule (MuscleBlaze)", AlertRules.ImplausibleEngagement, AlertSeverity.Warning));
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Recipients>().ChangeAsync(userId, p =>
            {
                (p.Critical, p.Warning, p.Digest, p.TimeZone) = (Delivery.Never, Delivery.Daily, false, "UTC");
                p.MutedRules = $",{AlertRules.ImplausibleEngagement},";
                p.SendAt = TimeOnly.FromDateTime(now.AddMinutes(30));   // not yet due
            }, default);

        await app.RunMailJobAsync();
        Assert.Empty(app.Smtp.To("daily@test.local"));

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Recipients>().ChangeAsync(userId, p => p.SendAt = TimeOnly.FromDateTime(now.AddMinutes(-2)), default);
        await app.RunMailJobAsync();
        await app.RunMailJobAsync();   // the same day's summary once

        var (_, summary) = Assert.Single(app.Smtp.To("daily@test.local"));
        Assert.StartsWith("MuscleBlaze daily alerts: ", summary.Subject);
        var text = summary.TextBody ?? "";
        Assert.Contains("Daily one (MuscleBlaze)", text);
        Assert.Contains("Daily two (MuscleBlaze)", text);
        Assert.DoesNotContain("Muted rule", text);
        Assert.Contains("/Unsubscribe?token=", summary.Headers["List-Unsubscribe"] ?? "");
    }
}

/// <summary>With no Email:Host: the pages say e-mail is off, the job does nothing, and nothing is queued.</summary>
[Collection(AppCollection.Name)]
public class EmailOffTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    [Fact]
    public async Task The_pages_say_e_mail_is_off_and_the_job_queues_and_sends_nothing()
    {
        var admin = await app.AdminAsync();
        Assert.Contains("E-mail is off", await admin.GetStringAsync("/Mail"));
        Assert.Contains("id=\"email-off\"", await admin.GetStringAsync("/Account/Notifications"));
        using var scope = app.Services.CreateScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<MailJob>().RunAsync(default);
        Assert.Equal((0, 0, 0, 0), (outcome.AlertMails, outcome.DailySummaries, outcome.Digests, outcome.Sending.Sent));
        Assert.Empty(scope.ServiceProvider.GetRequiredService<CampaignDbContext>().Outbox);
    }
}

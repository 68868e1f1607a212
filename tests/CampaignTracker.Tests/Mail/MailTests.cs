using System.Net;
using System.Text.RegularExpressions;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion;
using CampaignTracker.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using UglyToad.PdfPig;

namespace CampaignTracker.Tests.Mail;

/// <summary>The hand-made data set, with e-mail on, sending to a real SMTP server on loopback that requires a password.</summary>
public sealed class MailApp : HandMadeApp
{
    public const string PublicUrl = "https://campaigns.test";
    public LoopbackSmtp Smtp { get; } = new();

    public MailApp() => SendTo(Settings, Smtp);

    /// <summary>E-mail on, to <paramref name="smtp"/> with its account, retries quick enough for a test.</summary>
    public static void SendTo(Dictionary<string, string> settings, LoopbackSmtp smtp)
    {
        settings["Email:Host"] = "127.0.0.1";
        settings["Email:Port"] = smtp.Port.ToString();
        settings["Email:UseTls"] = "None";
        settings["Email:User"] = LoopbackSmtp.User;
        settings["Email:Password"] = LoopbackSmtp.Password;
        settings["Email:From"] = "CampaignTracker <alerts@campaigns.test>";
        settings["Email:MaxAttempts"] = "3";
        settings["Email:RetryDelay"] = "00:00:00.2";
        settings["App:PublicUrl"] = PublicUrl;
    }

    public Task<MailJob.Outcome> RunMailJobAsync() => InScopeAsync(sp => sp.GetRequiredService<MailJob>().RunAsync(CancellationToken.None));

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> use)
    {
        using var scope = Services.CreateScope();
        return await use(scope.ServiceProvider);
    }

    public override async ValueTask DisposeAsync()
    {
        await Smtp.DisposeAsync();
        await base.DisposeAsync();
    }
}

[Collection(AppCollection.Name)]
public class MailTests(MailApp app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<MailApp>
{
    static string S(MimeMessage m) => m.Subject ?? "";
    static string TextOf(MimeMessage m) => m.TextBody ?? "";
    static string HtmlOf(MimeMessage m) => m.HtmlBody ?? "";

    async Task<string> UserIdAsync(string email) =>
        await app.InScopeAsync(sp => sp.GetRequiredService<CampaignDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    async Task ClearOutboxAsync() =>
        await app.InScopeAsync(sp => sp.GetRequiredService<CampaignDbContext>().Outbox.ExecuteDeleteAsync());

    [Fact]
    public async Task An_alert_mail_reaches_the_managers_of_its_brand_once_with_the_rule_figures_and_absolute_links_and_again_when_it_worsens()
    {
        await app.BrandManagerAsync("mb.alerts@test.local", "MuscleBlaze");
        await app.BrandManagerAsync("hk.alerts@test.local", "HKVitals");
        var muscleBlaze = AlertData.BrandId(app, "MuscleBlaze");
        var now = DateTime.UtcNow;
        var alert = AlertData.Make("Campaign_9 (MuscleBlaze)", [muscleBlaze], AlertSeverity.Warning, rule: AlertRules.SpendSpike,
            message: "Spend of Campaign_9 on 2025-06-02 is above its band.", evidenceUrl: "/Campaigns?campaign=Campaign_9");
        alert.Figures = """{"value":84000.5,"median":12000,"daysOutside":2}""";
        (alert.NoticeAt, alert.NoticeSeverity) = (now, AlertSeverity.Warning);
        var id = (await AlertData.InsertAsync(app, alert))[0].Id;
        // Warnings go to the daily summary by default: this manager wants them at once.
        var mb = await UserIdAsync("mb.alerts@test.local");
        await app.InScopeAsync(async sp => { await sp.GetRequiredService<Recipients>().ChangeAsync(mb, p => p.Warning = Delivery.Immediately, default); return 0; });

        await app.RunMailJobAsync();

        var mails = app.Smtp.To("mb.alerts@test.local").Where(m => S(m.Message).Contains("Spend spike")).ToList();
        var (_, mail) = Assert.Single(mails);
        Assert.Equal("Warning alert: Spend spike — Campaign_9 (MuscleBlaze)", mail.Subject);
        Assert.Equal("alerts@campaigns.test", Assert.Single(mail.From.Mailboxes).Address);
        var text = TextOf(mail);
        Assert.Contains("Spend of Campaign_9 on 2025-06-02 is above its band.", text);
        Assert.Contains("value | ₹84,000.50", text);                         // figures formatted as on the pages
        Assert.Contains("daysOutside | 2", text);
        Assert.Contains($"Open the alert: {MailApp.PublicUrl}/Alerts?id={id}&status=all", text);
        Assert.Contains($"See the evidence: {MailApp.PublicUrl}/Campaigns?campaign=Campaign_9", text);
        Assert.Contains($"href=\"{MailApp.PublicUrl}/Alerts?id={id}&amp;status=all\"", HtmlOf(mail));
        Assert.DoesNotMatch("<img|<script|src=", HtmlOf(mail));               // nothing external
        Assert.StartsWith($"<{MailApp.PublicUrl}/Unsubscribe?token=", mail.Headers["List-Unsubscribe"] ?? "");
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Show("alert mail", mail);
        // The link opens that alert for the manager, and only it.
        var manager = await app.SignedInAsync("mb.alerts@test.local", AppFactory.AdminPassword);
        Assert.Equal([id], AlertData.PageIds(await manager.GetStringAsync($"/Alerts?id={id}&status=all")));
        // The other brand's manager hears nothing of it; the admin's default (warnings daily) sends nothing at once.
        Assert.DoesNotContain(app.Smtp.To("hk.alerts@test.local"), m => S(m.Message).Contains("Campaign_9"));
        Assert.DoesNotContain(app.Smtp.To(AppFactory.AdminEmail), m => S(m.Message).Contains("Campaign_9"));

        // Seen again by the next evaluation without change: no second mail.
        await app.RunMailJobAsync();
        Assert.Single(app.Smtp.To("mb.alerts@test.local"), m => S(m.Message).Contains("Campaign_9"));

        // Its severity rises (as the evaluation records it): mailed again, now to the admin too (critical: at once).
        await app.InScopeAsync(sp => sp.GetRequiredService<CampaignDbContext>().Alerts.Where(a => a.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Severity, AlertSeverity.Critical).SetProperty(a => a.NoticeSeverity, AlertSeverity.Critical).SetProperty(a => a.NoticeAt, DateTime.UtcNow)));
        await app.RunMailJobAsync();
        Assert.Equal(2, app.Smtp.To("mb.alerts@test.local").Count(m => S(m.Message).Contains("Campaign_9")));
        Assert.Contains(app.Smtp.To(AppFactory.AdminEmail), m => S(m.Message) == "Critical alert: Spend spike — Campaign_9 (MuscleBlaze)");
        Assert.DoesNotContain(app.Smtp.To("hk.alerts@test.local"), m => S(m.Message).Contains("Campaign_9"));
    }

    async Task<MimeMessage> DigestOfAsync(string email)
    {
        var userId = await UserIdAsync(email);
        var now = DateTime.UtcNow;
        // Due a few minutes ago in UTC: the next run of the job sends it.
        await app.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<Recipients>().ChangeAsync(userId, p =>
            {
                (p.Digest, p.DigestDay, p.SendAt, p.TimeZone, p.DigestDoneFor) = (true, now.AddMinutes(-5).DayOfWeek, TimeOnly.FromDateTime(now.AddMinutes(-5)), "UTC", null);
            }, default);
            return 0;
        });
        var before = app.Smtp.Received.Count;
        await app.RunMailJobAsync();
        var (_, digest) = Assert.Single(app.Smtp.Received.Skip(before), m => m.To.Contains(email) && S(m.Message).Contains("weekly:"));
        return digest;
    }

    static string PdfText(MimeMessage mail)
    {
        var part = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal("application/pdf", part.ContentType.MimeType);
        using var bytes = new MemoryStream();
        part.Content!.DecodeTo(bytes);
        using var pdf = PdfDocument.Open(bytes.ToArray());
        return string.Join("\n", pdf.GetPages().Select(p => p.Text));
    }

    [Fact]
    public async Task A_brand_managers_digest_holds_only_their_brands_in_its_html_text_and_pdf()
    {
        await app.BrandManagerAsync("hk.digest@test.local", "HKVitals");
        var digest = await DigestOfAsync("hk.digest@test.local");
        var admin = await DigestOfAsync(AppFactory.AdminEmail);

        // HKVitals: 300 (Biotin, A1) + 400 (Biotin, brand from the catalogue, B2) = ₹700; all brands ₹2,300; MuscleBlaze ₹1,600.
        Assert.StartsWith("HKVitals weekly: revenue ₹700, iROAS ", digest.Subject);
        Assert.Matches(@"\d+ open alerts?$", digest.Subject);
        var pdf = PdfText(digest);
        foreach (var part in new[] { HtmlOf(digest), TextOf(digest), pdf })
        {
            Assert.Contains("HKVitals", part);
            Assert.DoesNotContain("MuscleBlaze", part);
            Assert.DoesNotContain("2,300.00", part);
            Assert.DoesNotContain("1,600.00", part);
        }
        Assert.Contains("₹700.00", TextOf(digest));
        Assert.Contains("Revenue | ₹700.00", TextOf(digest));
        Assert.Contains("2025-05-29 to 2025-06-04", TextOf(digest));                  // the last 7 days of data
        Assert.Contains($"{MailApp.PublicUrl}/?from=2025-05-29&to=2025-06-04", TextOf(digest));
        Assert.Contains("Top 5 influencers by revenue", TextOf(digest));
        Assert.Contains("Budget pace", TextOf(digest));
        Show("digest", digest);
        // The control: the admin's digest does name the other brand and the totals.
        Assert.StartsWith("All brands weekly: revenue ₹2.3K, iROAS ", admin.Subject);
        Assert.Contains("MuscleBlaze", PdfText(admin));
        Assert.Contains("₹2,300.00", TextOf(admin));

        // The same occurrence is never sent twice.
        await app.RunMailJobAsync();
        Assert.Single(app.Smtp.To("hk.digest@test.local"), m => S(m.Message).Contains("weekly:"));
    }

    [Fact]
    public async Task The_unsubscribe_link_works_without_signing_in_once_and_is_audited()
    {
        await app.BrandManagerAsync("unsub@test.local", "HKVitals");
        var digest = await DigestOfAsync("unsub@test.local");
        var url = Regex.Match(digest.Headers["List-Unsubscribe"] ?? "", "<(.+)>").Groups[1].Value;
        Assert.Contains($"Unsubscribe: {url}", TextOf(digest));
        var path = url[MailApp.PublicUrl.Length..];
        var anonymous = app.Client();

        var page = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Stop sending <strong>the weekly digest</strong> to <strong>unsub@test.local</strong>?", await page.Content.ReadAsStringAsync());
        Assert.True((await app.InScopeAsync(sp => sp.GetRequiredService<Recipients>().PreferenceAsync(UserIdAsync("unsub@test.local").Result, default))).Digest);   // opening the link changes nothing

        var first = await anonymous.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Done: the weekly digest will no longer be sent to unsub@test.local", await first.Content.ReadAsStringAsync());
        var second = await anonymous.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        Assert.Contains("already receives no the weekly digest", await second.Content.ReadAsStringAsync());

        var userId = await UserIdAsync("unsub@test.local");
        Assert.False((await app.InScopeAsync(sp => sp.GetRequiredService<Recipients>().PreferenceAsync(userId, default))).Digest);
        var audited = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.Unsubscribed && e.Subject == "unsub@test.local").ToList());
        var entry = Assert.Single(audited);
        Assert.Equal("unsub@test.local", entry.Actor);
        Assert.Contains("weekly digest", entry.Details ?? "");

        // A changed token does nothing.
        var forged = await anonymous.PostAsync(path[..^4] + "AAAA", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    /// <summary>A received mail as the closing note shows it (run with `--logger "console;verbosity=detailed"`).</summary>
    void Show(string what, MimeMessage mail) =>
        output.WriteLine($"--- {what} as received: Subject: {mail.Subject}\nFrom: {mail.From}\nTo: {mail.To}\nList-Unsubscribe: {mail.Headers["List-Unsubscribe"]}\n"
            + $"Attachments: {string.Join(", ", mail.Attachments.Select(a => a.ContentDisposition?.FileName))}\n\n{mail.TextBody}");

    static MailDraft Test(string to, string subject) => new(MailKind.Test, null, to, subject, $"<p>{subject}</p>", subject);

    [Fact]
    public async Task With_the_server_down_mail_stays_queued_and_goes_out_exactly_once_when_it_is_back()
    {
        await ClearOutboxAsync();
        await app.Smtp.StopAsync();
        try
        {
            foreach (var i in Enumerable.Range(1, 3))
                await app.InScopeAsync(sp => sp.GetRequiredService<Outbox>().QueueAsync(Test("down@test.local", $"queued while down {i}"), default));
            var down = await app.InScopeAsync(sp => sp.GetRequiredService<OutboxSender>().SendDueAsync(default));
            Assert.Equal((0, 0), (down.Sent, down.Failed));
            var waiting = await app.InScopeAsync(sp => sp.GetRequiredService<CampaignDbContext>().Outbox.AsNoTracking().ToListAsync());
            Assert.All(waiting, m => Assert.Equal(OutboxState.Queued, m.State));
            Assert.Contains("cannot reach the mail server", Assert.Single(waiting, m => m.Attempts == 1).LastError);
        }
        finally
        {
            app.Smtp.Start();
        }
        await Task.Delay(TimeSpan.FromSeconds(0.5));   // past the first retry delay (0.2 s)
        // Two runs at once (two app instances, or Hangfire starting the job twice): each message is claimed by one.
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => app.InScopeAsync(sp => sp.GetRequiredService<OutboxSender>().SendDueAsync(default))));
        Assert.Equal(3, runs.Sum(r => r.Sent));
        var received = app.Smtp.To("down@test.local");
        Assert.Equal(3, received.Count);
        Assert.Equal(3, received.Select(m => S(m.Message)).Distinct().Count());
        Assert.All(await app.InScopeAsync(sp => sp.GetRequiredService<CampaignDbContext>().Outbox.AsNoTracking().ToListAsync()),
            m => Assert.Equal(OutboxState.Sent, m.State));
    }

    [Fact]
    public async Task A_mail_caught_mid_send_by_a_stop_is_not_sent_again_by_itself_and_shows_as_failed_with_why()
    {
        await ClearOutboxAsync();
        await app.InScopeAsync(sp => sp.GetRequiredService<Outbox>().QueueAsync(Test("midsend@test.local", "claimed before a stop"), default));
        await app.InScopeAsync(sp => sp.GetRequiredService<Outbox>().QueueAsync(Test("midsend@test.local", "still queued at the stop"), default));
        // As a process killed while sending leaves it: claimed, neither sent nor put back.
        await app.InScopeAsync(sp => sp.GetRequiredService<CampaignDbContext>().Outbox.Where(m => m.Subject == "claimed before a stop")
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sending).SetProperty(m => m.ClaimedAt, DateTime.UtcNow.AddMinutes(-20))));

        await app.InScopeAsync(sp => sp.GetRequiredService<OutboxSender>().SendDueAsync(default));   // the restarted app's first run

        var (_, resumed) = Assert.Single(app.Smtp.To("midsend@test.local"));
        Assert.Equal("still queued at the stop", resumed.Subject);
        var interrupted = await app.InScopeAsync(sp => sp.GetRequiredService<CampaignDbContext>().Outbox.AsNoTracking().SingleAsync(m => m.Subject == "claimed before a stop"));
        Assert.Equal(OutboxState.Failed, interrupted.State);
        Assert.Contains("interrupted while sending", interrupted.LastError);
    }

    [Fact]
    public async Task A_wrong_password_fails_the_mail_after_its_attempts_and_the_mail_page_shows_it_and_sends_it_again()
    {
        await ClearOutboxAsync();
        await app.InScopeAsync(sp => sp.GetRequiredService<Outbox>().QueueAsync(Test("refused@test.local", "never with a wrong password"), default));
        var wrong = app.Using(sp => sp.GetRequiredService<EmailSettings>()) with { Password = "not-the-password" };
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await app.InScopeAsync(sp => new OutboxSender(sp.GetRequiredService<CampaignDbContext>(), wrong, sp.GetRequiredService<StoragePaths>(),
                TimeProvider.System, NullLogger<OutboxSender>.Instance).SendDueAsync(default));
            await Task.Delay(TimeSpan.FromSeconds(0.2 * (1 << attempt)));
        }
        var failed = await app.InScopeAsync(sp => sp.GetRequiredService<CampaignDbContext>().Outbox.AsNoTracking().SingleAsync());
        Assert.Equal((OutboxState.Failed, 3), (failed.State, failed.Attempts));
        Assert.Contains("refused Email:User / Email:Password", failed.LastError);
        Assert.Empty(app.Smtp.To("refused@test.local"));

        var admin = await app.AdminAsync();
        var page = await admin.GetStringAsync("/Mail?state=failed");
        Assert.Contains($"id=\"mail-{failed.Id}\"", page);
        Assert.Contains("refused Email:User / Email:Password", page);
        Assert.Contains("Send again", page);

        // Fixed (the app's own settings have the right password): sent again from the page, it goes out once.
        var token = AppFactory.TokenIn(page);
        var again = await admin.PostAsync($"/Mail?handler=SendAgain&id={failed.Id}", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        await app.InScopeAsync(sp => sp.GetRequiredService<OutboxSender>().SendDueAsync(default));
        Assert.Single(app.Smtp.To("refused@test.local"));
        Assert.Single(app.Using(sp => sp.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.MailSentAgain && e.Subject == "refused@test.local").ToList()));
    }

    [Fact]
    public async Task An_admin_previews_a_managers_digest_into_their_own_inbox()
    {
        await app.BrandManagerAsync("preview.me@test.local", "HKVitals");
        var admin = await app.AdminAsync();
        var page = await admin.GetStringAsync("/Mail");
        Assert.Contains("Send me this digest now", page);
        var token = AppFactory.TokenIn(page);
        var response = await admin.PostAsync("/Mail?handler=PreviewDigest", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["userId"] = await UserIdAsync("preview.me@test.local"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await app.InScopeAsync(sp => sp.GetRequiredService<OutboxSender>().SendDueAsync(default));

        var (_, preview) = Assert.Single(app.Smtp.To(AppFactory.AdminEmail), m => S(m.Message).StartsWith("[Preview of preview.me@test.local's digest]"));
        Assert.Contains("HKVitals weekly: revenue ₹700", preview.Subject);
        Assert.DoesNotContain("MuscleBlaze", PdfText(preview));
        Assert.Empty(app.Smtp.To("preview.me@test.local"));
    }
}

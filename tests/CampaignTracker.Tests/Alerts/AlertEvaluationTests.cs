using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Alerts;

/// <summary>Issue 14: the alert job on the real app and database: one alert per subject, resolved when it no longer holds.</summary>
[Collection(AppCollection.Name)]
public sealed class AlertEvaluationTests : IDisposable
{
    readonly AppFactory app = new();

    async Task<EvaluateAlertsJob.Outcome> EvaluateAsync()
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<EvaluateAlertsJob>().RunAsync(CancellationToken.None);
    }

    List<Alert> Alerts(string? rule = null) => app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Alerts.AsNoTracking()
        .Where(a => rule == null || a.Rule == rule).OrderBy(a => a.Id).ToList());

    [Fact]
    public async Task An_upload_raises_alerts_and_evaluating_again_creates_no_duplicate()
    {
        await Ingest.FilesAsync(app, HandMadeData.Files());
        var first = await EvaluateAsync();
        var discrepancies = Alerts(AlertRules.PayoutDiscrepancy);

        // A1: order basis, rate 10 × 5 tracked orders = 50 earned, 120 declared; B2: post basis, 500 × 2 posts = 1,000 earned, 500 declared.
        Assert.Equal(["Asha Rao (A1)", "Bala Iyer (B2)"], discrepancies.Select(a => a.Subject).Order());
        var a1 = discrepancies.Single(a => a.Subject == "Asha Rao (A1)");
        Assert.Equal(AlertStatus.Open, a1.Status);
        Assert.Contains("declared payout ₹120.00 differs from the earned ₹50.00", a1.Message);
        Assert.Contains("\"difference\":70", a1.Figures);
        Assert.Equal(",1,2,", a1.BrandIds);   // A1 sold MuscleBlaze and HKVitals (ids in the order the upload met them)

        var second = await EvaluateAsync();
        Assert.Equal(0, second.Opened);
        Assert.Equal(first.Open, second.Open);
        Assert.Equal(Alerts().Select(a => (a.Id, a.Rule, a.SubjectKey)), Alerts().Select(a => (a.Id, a.Rule, a.SubjectKey)).Distinct());
        Assert.True(Alerts(AlertRules.PayoutDiscrepancy).Single(a => a.Id == a1.Id).LastSeenAt >= a1.LastSeenAt);
    }

    [Fact]
    public async Task A_corrected_upload_resolves_the_alert_and_a_relapse_opens_it_again()
    {
        await Ingest.FilesAsync(app, HandMadeData.Files());
        await EvaluateAsync();
        var corrected = TestFiles.Write(("payouts.csv", "influencer_id,basis,rate,orders,total_payout\nA1,order,10,5,50.00\nB2,post,500,2,1000\n"));

        await Ingest.FilesAsync(app, corrected);
        var outcome = await EvaluateAsync();

        Assert.True(outcome.Resolved >= 2);
        Assert.All(Alerts(AlertRules.PayoutDiscrepancy), a => Assert.Equal((AlertStatus.Resolved, true), (a.Status, a.ResolvedAt is not null)));

        await Ingest.FilesAsync(app, TestFiles.Write(("payouts.csv", HandMadeData.Payouts)));
        await EvaluateAsync();
        Assert.All(Alerts(AlertRules.PayoutDiscrepancy), a => Assert.Equal((AlertStatus.Open, false), (a.Status, a.ResolvedAt is not null)));
        Assert.Equal(2, Alerts(AlertRules.PayoutDiscrepancy).Count);   // the same two rows, opened again
    }

    [Fact]
    public async Task An_alert_is_news_to_mail_when_it_opens_reopens_or_worsens_not_when_it_is_seen_again()
    {
        await Ingest.FilesAsync(app, HandMadeData.Files());
        await EvaluateAsync();
        var opened = Alerts(AlertRules.PayoutDiscrepancy);
        Assert.All(opened, a => Assert.Equal((a.FirstSeenAt, a.Severity), (a.NoticeAt!.Value, a.NoticeSeverity!.Value)));

        await EvaluateAsync();   // the same findings: nothing new to mail
        Assert.Equal(opened.Select(a => a.NoticeAt), Alerts(AlertRules.PayoutDiscrepancy).Select(a => a.NoticeAt));

        // Mailed when it was less severe: the same finding now is a rise, news again.
        var id = opened[0].Id;
        app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Alerts.Where(a => a.Id == id)
            .ExecuteUpdate(s => s.SetProperty(a => a.NoticeSeverity, AlertSeverity.Info)));
        await EvaluateAsync();
        var risen = Alerts().Single(a => a.Id == id);
        Assert.True(risen.NoticeAt > opened[0].NoticeAt);
        Assert.Equal(opened[0].Severity, risen.NoticeSeverity);

        // Resolved by a corrected upload, then back: news again.
        await Ingest.FilesAsync(app, TestFiles.Write(("payouts.csv", "influencer_id,basis,rate,orders,total_payout\nA1,order,10,5,50.00\nB2,post,500,2,1000\n")));
        await EvaluateAsync();
        var resolved = Alerts(AlertRules.PayoutDiscrepancy);
        await Ingest.FilesAsync(app, TestFiles.Write(("payouts.csv", HandMadeData.Payouts)));
        await EvaluateAsync();
        Assert.All(Alerts(AlertRules.PayoutDiscrepancy), a => Assert.True(a.NoticeAt > resolved.Single(r => r.Id == a.Id).NoticeAt));
    }

    [Fact]
    public async Task An_acknowledged_alert_stays_acknowledged_unless_its_severity_rises()
    {
        await Ingest.FilesAsync(app, HandMadeData.Files());
        await EvaluateAsync();
        var id = Alerts(AlertRules.PayoutDiscrepancy)[0].Id;
        SetAcknowledged(id, AlertSeverity.Warning);

        await EvaluateAsync();
        Assert.Equal(AlertStatus.Acknowledged, Alerts().Single(a => a.Id == id).Status);

        SetAcknowledged(id, AlertSeverity.Info);   // acknowledged when it was only info: a warning now is a rise
        await EvaluateAsync();
        Assert.Equal(AlertStatus.Open, Alerts().Single(a => a.Id == id).Status);
    }

    [Fact]
    public async Task A_rule_switched_off_raises_nothing_and_its_alerts_are_resolved()
    {
        await Ingest.FilesAsync(app, HandMadeData.Files());
        await EvaluateAsync();
        Assert.NotEmpty(Alerts(AlertRules.PayoutDiscrepancy));
        app.Using(sp =>
        {
            var db = sp.GetRequiredService<CampaignDbContext>();
            db.Settings.Add(new Setting { Key = AlertSettings.EnabledKey(AlertRules.PayoutDiscrepancy), Value = "false" });
            return db.SaveChanges();
        });

        await EvaluateAsync();
        Assert.All(Alerts(AlertRules.PayoutDiscrepancy), a => Assert.Equal(AlertStatus.Resolved, a.Status));
    }

    [Fact]
    public async Task Too_little_history_is_not_judged_and_the_alerts_page_says_so()
    {
        await Ingest.FilesAsync(app, HandMadeData.Files());   // sales on 3 days: fewer than the 14 of history a band needs
        var outcome = await EvaluateAsync();

        Assert.Empty(Alerts(AlertRules.SpendSpike));
        Assert.Empty(Alerts(AlertRules.RevenueDrop));
        Assert.Contains(outcome.Notes, n => n.StartsWith("spend-spike: ") && n.EndsWith("not judged (fewer than 14 days of history, or no spread in it)"));
        var page = await (await app.AdminAsync()).GetStringAsync("/Alerts");
        Assert.Contains("Rules last evaluated ", page);
        Assert.Contains("Not judged: ", page);
        Assert.Contains("spend-spike: ", page);
    }

    [Fact]
    public async Task Without_user_ids_orders_per_user_cannot_be_judged_and_the_evaluation_says_so()
    {
        var withoutUsers = string.Join('\n', HandMadeData.Tracking.Split('\n').Select(line => string.Join(',', line.Split(',').Where((_, i) => i != 3))));
        await Ingest.FilesAsync(app, TestFiles.Write(("influencers.csv", HandMadeData.Influencers), ("payouts.csv", HandMadeData.Payouts),
            ("posts.csv", HandMadeData.Posts), ("tracking_data.csv", withoutUsers)));

        var outcome = await EvaluateAsync();
        Assert.Contains("order-concentration: the tracking data has no user_id, so orders per user cannot be judged (orders per day are)", outcome.Notes);
    }

    void SetAcknowledged(int id, AlertSeverity severity) => app.Using(sp =>
    {
        var db = sp.GetRequiredService<CampaignDbContext>();
        var alert = db.Alerts.Single(a => a.Id == id);
        (alert.Status, alert.AcknowledgedSeverity, alert.AcknowledgedBy, alert.AcknowledgedAt) = (AlertStatus.Acknowledged, severity, "admin@test.local", DateTime.UtcNow);
        return db.SaveChanges();
    });

    public void Dispose() => app.Dispose();
}

/// <summary>The wiring: a successful upload enqueues the alert job, which Hangfire's server runs after it.</summary>
[Collection(AppCollection.Name)]
public sealed class AlertJobAfterUploadTests : IDisposable
{
    readonly AppFactory app = new() { RunJobs = true };

    [Fact]
    public async Task A_successful_upload_is_followed_by_an_evaluation_of_the_alerts()
    {
        await Ingest.FilesAsync(app, HandMadeData.Files());

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Alerts.Count(a => a.Rule == AlertRules.PayoutDiscrepancy)) < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "no alerts 60 s after the upload: the alert job did not run");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_refused_upload_evaluates_nothing()
    {
        var refused = await Ingest.FilesAsync(app, TestFiles.Write(("payouts.csv", "influencer_id,basis,rate,orders,total_payout\nNOBODY,weekly,1,1,1\n")));
        Assert.Equal(UploadStatus.Failed, refused.Status);
        await Task.Delay(2000);   // time enough for an enqueued job on an idle worker (the other test sees one within this)
        Assert.Equal(0, app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Alerts.Count()));
    }

    public void Dispose() => app.Dispose();
}

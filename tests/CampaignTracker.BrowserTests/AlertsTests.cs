using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CampaignTracker.BrowserTests;

/// <summary>Issue 14: a brand manager sees the alert count, opens an alert's evidence, comes back and acknowledges it.</summary>
[Collection(BrowserCollection.Name)]
public class AlertsTests(BrowserApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_brand_manager_follows_an_alerts_evidence_and_acknowledges_it_and_the_count_drops()
    {
        const string subject = "Campaign_3 (Gritzo) under target";
        var alertId = await InsertAlertAsync(subject, "/Influencers?brand=Gritzo");
        var (email, password) = await app.BrandManagerAsync("gritzo-alerts@test.local", "Gritzo");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };   // a CSP violation is one
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };

        await page.GotoAsync(app.BaseUrl + "/");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/");
        var badge = page.Locator("#nav-alerts-count");
        await Assertions.Expect(badge).ToBeVisibleAsync();
        var before = int.Parse(System.Text.RegularExpressions.Regex.Match(await badge.InnerTextAsync(), @"^\d+").Value);   // then words for screen readers
        Assert.True(before >= 1, $"badge {before}");

        await page.Locator("#nav-alerts").ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/Alerts");
        var row = page.Locator($"#alert-{alertId}");
        await Assertions.Expect(row).ToContainTextAsync(subject);
        await Assertions.Expect(row.Locator(".badge")).ToHaveTextAsync("Critical");
        output.WriteLine($"alerts: {await Browsers.ScreenshotAsync(page, "alerts-brand-manager.png")}");

        await row.GetByRole(AriaRole.Link, new() { Name = "Evidence" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/Influencers?brand=Gritzo");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Influencers", Exact = true })).ToBeVisibleAsync();
        await page.GoBackAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/Alerts");

        await row.GetByLabel($"Note for alert #{alertId}").FillAsync("Campaign paused; reviewed with the agency");
        await row.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Alert #{alertId} ({subject}) acknowledged.");
        await Assertions.Expect(row.Locator(".alert-status")).ToContainTextAsync("by gritzo-alerts@test.local");
        await Assertions.Expect(row.Locator(".alert-status")).ToContainTextAsync("Campaign paused; reviewed with the agency");
        if (before == 1) await Assertions.Expect(badge).ToHaveCountAsync(0);
        else await Assertions.Expect(badge).ToContainTextAsync((before - 1).ToString());
        output.WriteLine($"acknowledged: {await Browsers.ScreenshotAsync(page, "alerts-acknowledged.png")}");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>An open critical alert about Gritzo, as the evaluation job writes it (and the counts forgotten, as it does).</summary>
    async Task<int> InsertAlertAsync(string subject, string evidenceUrl)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var gritzo = await db.Brands.AsNoTracking().SingleAsync(b => b.Name == "Gritzo");
        var now = DateTime.UtcNow;
        var alert = new Alert
        {
            Rule = AlertRules.IroasUnderTarget, SubjectKey = "campaign:browser-test", Scope = AlertScope.Campaign, Subject = subject,
            Severity = AlertSeverity.Critical, Status = AlertStatus.Open, Message = "iROAS 0.42 over the last 30 days, under the 1.00 target.",
            Figures = """{"iroas":0.42,"target":1.0}""", EvidenceUrl = evidenceUrl, Campaign = "Campaign_3", BrandIds = $",{gritzo.Id},",
            FirstSeenAt = now.AddDays(-1), LastSeenAt = now,
        };
        db.Alerts.Add(alert);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<AlertCounts>().Invalidate();
        return alert.Id;
    }
}

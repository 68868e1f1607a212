using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CampaignTracker.BrowserTests;

[Collection(BrowserCollection.Name)]
public class OverviewTests(BrowserApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Admin_signs_in_and_sees_kpi_cards_and_a_rendered_chart()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };
        page.Response += (_, response) => { if (response.Status >= 400) consoleErrors.Add($"{response.Status} {response.Url}"); };

        await page.GotoAsync(app.BaseUrl + "/");
        Assert.Contains("/Account/Login", page.Url);   // anonymous: sent to sign in

        await page.GetByLabel("E-mail").FillAsync(BrowserApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(app.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await page.WaitForURLAsync(app.BaseUrl + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();

        var values = await page.Locator("#kpi-cards .kpi-value").AllInnerTextsAsync();
        Assert.Equal(13, values.Count);
        Assert.All(values, v => Assert.False(string.IsNullOrWhiteSpace(v) || v == "—", $"empty KPI card: '{v}'"));
        Assert.StartsWith("₹", values[0]);
        Assert.NotEqual("₹0.00", values[0]);

        var chart = page.Locator("#revenue-chart");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        await Assertions.Expect(page.Locator("#revenue-by-brand")).ToHaveAttributeAsync("data-rendered", "true");
        await Assertions.Expect(page.Locator("#revenue-by-platform")).ToHaveAttributeAsync("data-rendered", "true");
        var box = await chart.BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 100 }, "the chart canvas has no size");
        Assert.True(consoleErrors.Count == 0, string.Join("\n", consoleErrors));

        var screenshot = await Browsers.ScreenshotAsync(page, "overview.png");
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }
}

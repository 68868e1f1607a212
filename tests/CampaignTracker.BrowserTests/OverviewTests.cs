using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CampaignTracker.BrowserTests;

public class OverviewTests(BrowserApp app, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    /// <summary>Debian's Chromium: browsers cannot be downloaded here (README, Tests).</summary>
    static string ChromiumPath => Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    static string ScreenshotFolder => Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } dir
        ? dir
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Admin_signs_in_and_sees_kpi_cards_and_a_rendered_chart()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
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
        Assert.Equal(8, values.Count);
        Assert.All(values, v => Assert.False(string.IsNullOrWhiteSpace(v) || v == "—", $"empty KPI card: '{v}'"));
        Assert.StartsWith("₹", values[0]);
        Assert.NotEqual("₹0.00", values[0]);

        var chart = page.Locator("#revenue-chart");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-rendered", "true");
        var box = await chart.BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 100 }, "the chart canvas has no size");
        Assert.True(consoleErrors.Count == 0, string.Join("\n", consoleErrors));

        Directory.CreateDirectory(ScreenshotFolder);
        var screenshot = Path.Combine(ScreenshotFolder, "overview.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }
}

using CampaignTracker.Web.Demo;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CampaignTracker.BrowserTests;

[Collection(BrowserCollection.Name)]
public class UploadTests(BrowserApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Admin_uploads_the_four_demo_files_watches_progress_reach_done_and_sees_new_totals()
    {
        var folder = Path.Combine(app.DataDirectory, "more-demo");
        var files = DemoDataGenerator.Write(folder, new DemoOptions(Seed: 7));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        await Browsers.SignInAsync(page, app);
        var revenueBefore = await page.Locator("#kpi-cards .kpi-value").First.InnerTextAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Uploads" }).ClickAsync();
        await page.GetByLabel("Files").SetInputFilesAsync(files.All);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/Uploads/Details/\\d+$"));
        await Assertions.Expect(page.Locator("#upload-status .upload-phase")).ToHaveTextAsync("done", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#upload-result")).ToContainTextAsync("inserted");
        output.WriteLine($"screenshot: {await Browsers.ScreenshotAsync(page, "upload-done.png")}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        var revenueAfter = await page.Locator("#kpi-cards .kpi-value").First.InnerTextAsync();
        Assert.NotEqual(revenueBefore, revenueAfter);
        Assert.True(Rupees(revenueAfter) > Rupees(revenueBefore), $"{revenueAfter} should exceed {revenueBefore}: a second tracking batch was added");
    }

    [Fact]
    public async Task A_broken_file_shows_its_errors_and_the_error_report_downloads()
    {
        var broken = Path.Combine(app.DataDirectory, "broken-payouts.csv");
        await File.WriteAllTextAsync(broken, "influencer_id,basis,rate,orders,total_payout\n1,weekly,10,5,50\nNOBODY,order,abc,5,50\n");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { AcceptDownloads = true });
        await Browsers.SignInAsync(page, app);

        await page.GotoAsync(app.BaseUrl + "/Uploads");
        await page.GetByLabel("Files").SetInputFilesAsync(broken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        await Assertions.Expect(page.Locator("#upload-status .upload-phase")).ToHaveTextAsync("failed", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#upload-errors-summary")).ToContainTextAsync("Nothing was changed");
        await Assertions.Expect(page.Locator("#upload-errors")).ToContainTextAsync("row 2, column 'basis': 'weekly'");
        await Assertions.Expect(page.Locator("#upload-errors")).ToContainTextAsync("row 3, column 'rate': 'abc'");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#download-errors").ClickAsync());
        var saved = Path.Combine(app.DataDirectory, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        var report = await File.ReadAllTextAsync(saved);
        Assert.Matches("^upload-\\d+-errors\\.csv$", download.SuggestedFilename);
        Assert.Contains("broken-payouts.csv,2,basis,weekly,'post' or 'order'", report);
        Assert.Contains("broken-payouts.csv,3,influencer_id,NOBODY", report);
    }

    static decimal Rupees(string text) => decimal.Parse(text.TrimStart('₹'), System.Globalization.CultureInfo.InvariantCulture);
}

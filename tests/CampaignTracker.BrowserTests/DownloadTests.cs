using System.IO.Compression;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CampaignTracker.BrowserTests;

/// <summary>Issue 5: an admin downloads the Excel payout sheet of a filtered view and the overview's PDF from the browser.</summary>
[Collection(BrowserCollection.Name)]
public class DownloadTests(BrowserApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task An_admin_downloads_the_payout_workbook_of_the_view_and_the_pdf_report()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };
        await Browsers.SignInAsync(page, app);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        await page.GotoAsync(app.BaseUrl + "/Payouts");
        var to = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = to.AddDays(-30);
        await page.Locator("#from").FillAsync(from.ToString("yyyy-MM-dd"));
        await page.Locator("#to").FillAsync(to.ToString("yyyy-MM-dd"));
        await page.Locator("#filters").GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Payouts") && url.Contains("from=" + from.ToString("yyyy-MM-dd")));
        var rows = await page.Locator("#payouts tbody tr").CountAsync();
        Assert.InRange(rows, 2, 50);
        output.WriteLine($"payouts: {await Browsers.ScreenshotAsync(page, "payouts.png")}");

        var excel = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download Excel payout sheet" }).ClickAsync());
        Assert.Equal($"payout-sheet_{from:yyyy-MM-dd}_to_{to:yyyy-MM-dd}_generated_{today}.xlsx", excel.SuggestedFilename);
        var workbook = await SaveAsync(excel);
        output.WriteLine($"workbook: {workbook.Length:N0} bytes");
        Assert.InRange(workbook.Length, 10_000, 5_000_000);
        using (var zip = new ZipArchive(new MemoryStream(workbook)))
        {
            using var reader = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open());
            var xml = await reader.ReadToEndAsync();
            Assert.Contains("name=\"Payouts\"", xml);
            Assert.Contains("name=\"By brand\"", xml);
            Assert.Contains("name=\"Assumptions\"", xml);
        }

        await page.GotoAsync(app.BaseUrl + "/");
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download this view (PDF report)" }).ClickAsync());
        Assert.Equal($"overview-report_start_to_end_generated_{today}.pdf", pdf.SuggestedFilename);
        var report = await SaveAsync(pdf);
        output.WriteLine($"pdf: {report.Length:N0} bytes");
        Assert.InRange(report.Length, 20_000, 5_000_000);
        Assert.Equal("%PDF-"u8.ToArray(), report[..5]);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>Saves the download beside the screenshots (to look at), and returns its bytes.</summary>
    static async Task<byte[]> SaveAsync(IDownload download)
    {
        Assert.Null(await download.FailureAsync());
        Directory.CreateDirectory(Browsers.ScreenshotFolder);
        var path = Path.Combine(Browsers.ScreenshotFolder, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        return await File.ReadAllBytesAsync(path);
    }
}

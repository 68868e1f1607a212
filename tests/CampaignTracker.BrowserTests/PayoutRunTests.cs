using System.Globalization;
using Microsoft.Playwright;

namespace CampaignTracker.BrowserTests;

/// <summary>Issue 15: separation of duties in a browser. An admin prepares and submits a run; a Finance user approves
/// it, ticking the lines that must be ticked, and marks it paid with a reference.</summary>
[Collection(BrowserCollection.Name)]
public class PayoutRunTests(BrowserApp app)
{
    [Fact]
    public async Task An_admin_prepares_and_submits_a_run_and_finance_approves_and_pays_it()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);

        // The admin: a run of one Gritzo day of the demo data (its last days run up to today).
        var day = DateTime.UtcNow.Date.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var adminPage = await (await browser.NewContextAsync()).NewPageAsync();
        await Browsers.SignInAsync(adminPage, app);
        await adminPage.GotoAsync(app.BaseUrl + "/Payouts/Runs");
        await adminPage.GetByLabel("From").FillAsync(day);
        await adminPage.GetByLabel("To").FillAsync(day);
        await adminPage.GetByLabel("Brand").SelectOptionAsync(new SelectOptionValue { Label = "Gritzo" });
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Create run" }).ClickAsync();
        await adminPage.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/Payouts/Runs/Details\\?id=\\d+"));
        var runUrl = adminPage.Url;
        await adminPage.GetByLabel("Note", new() { Exact = true }).FillAsync("one Gritzo day");
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Assertions.Expect(adminPage.GetByText("Submitted by " + BrowserApp.AdminEmail)).ToBeVisibleAsync();
        await Assertions.Expect(adminPage.GetByRole(AriaRole.Button, new() { Name = "Approve the ticked run" })).ToHaveCountAsync(0);   // not by its preparer

        // Finance: tick what must be ticked, approve, pay.
        var (email, password) = await app.FinanceAsync("finance@browser.test");
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/");
        await page.GotoAsync(runUrl);
        var unticked = page.Locator("input[name=ticked]:not(:checked)");
        Assert.True(await unticked.CountAsync() > 0, "no line must be ticked: the test would prove nothing");
        while (await unticked.CountAsync() > 0) await unticked.First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve the ticked run" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Approved by finance@browser.test")).ToBeVisibleAsync();

        await page.GetByLabel("Payment reference", new() { Exact = true }).FillAsync("NEFT-4471");
        await page.GetByLabel("Payment date", new() { Exact = true }).FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark paid" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Paid by finance@browser.test")).ToBeVisibleAsync();
        await Browsers.ScreenshotAsync(page, "payout-run-paid.png");

        // The run's workbook, as Finance downloads it.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href*='handler=Excel']").First.ClickAsync());
        Assert.Matches(@"^payout-run-\d+_\d{4}-\d{2}-\d{2}_to_\d{4}-\d{2}-\d{2}\.xlsx$", download.SuggestedFilename);
        var path = Path.Combine(Browsers.ScreenshotFolder, download.SuggestedFilename);
        await download.SaveAsAsync(path);
        using var zip = System.IO.Compression.ZipFile.OpenRead(path);   // an XLSX is a zip of sheets
        Assert.Contains(zip.Entries, e => e.FullName == "xl/workbook.xml");
    }
}

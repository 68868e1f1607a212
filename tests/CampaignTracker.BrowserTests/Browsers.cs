using Microsoft.Playwright;

namespace CampaignTracker.BrowserTests;

/// <summary>One app for all browser tests: Hangfire's process-wide state allows one host at a time.</summary>
[CollectionDefinition(Name)]
public class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}

public static class Browsers
{
    /// <summary>Debian's Chromium: browsers cannot be downloaded here (README, Tests).</summary>
    static string ChromiumPath => Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where screenshots and downloaded files are kept with the test output.</summary>
    public static string ScreenshotFolder => Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } dir
        ? dir
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

    public static async Task SignInAsync(IPage page, BrowserApp app)
    {
        await page.GotoAsync(app.BaseUrl + "/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(BrowserApp.AdminEmail);
        await page.GetByLabel("Password").FillAsync(app.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/");
    }

    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }
}

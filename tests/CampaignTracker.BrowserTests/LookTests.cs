using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CampaignTracker.BrowserTests;

/// <summary>
/// Issue 17, Look: every page at 1440×900 and on a phone (390×844), screenshot kept with the test output
/// (look-WIDTHxHEIGHT-NAME.png), and nothing wider than the window: a wide table scrolls inside its own box.
/// The Hangfire dashboard (/hangfire) is Hangfire's own page, not ours, and is left out.
/// </summary>
[Collection(BrowserCollection.Name)]
public class LookTests(BrowserApp app, ITestOutputHelper output)
{
    static readonly (int Width, int Height)[] Viewports = [(1440, 900), (390, 844)];

    /// <summary>Name and path of each page an admin opens; detail pages are found by following the first link of their list.</summary>
    static readonly (string Name, string Path)[] AdminPages =
    [
        ("overview", "/"), ("overview-filtered", "/?brand=Gritzo&brand=HKVitals&platform=Instagram&cost=declared"),
        ("campaigns", "/Campaigns"), ("influencers", "/Influencers"), ("posts", "/Posts"), ("insights", "/Insights"),
        ("payouts", "/Payouts"), ("payout-runs", "/Payouts/Runs"), ("budgets", "/Payouts/Budgets"), ("alerts", "/Alerts"),
        ("uploads", "/Uploads"), ("users", "/Users"), ("users-create", "/Users/Create"), ("audit", "/Audit"),
        ("settings", "/Settings"), ("mail", "/Mail"), ("notifications", "/Account/Notifications"), ("password", "/Account/Password"),
        ("not-found", "/no-such-page"),
    ];

    static readonly (string Name, string List, string Link)[] DetailPages =
    [
        ("campaign", "/Campaigns", "#campaigns tbody a"),
        ("influencer", "/Influencers", "#influencers tbody a"),
        ("upload", "/Uploads", "a[href^='/Uploads/Details/']"),
        ("users-edit", "/Users", "a[href^='/Users/Edit/']"),
        ("payout-run", "/Payouts/Runs", "a[href*='/Payouts/Runs/Details?id=']"),
    ];

    [Fact]
    public async Task Every_page_is_screenshot_at_desktop_and_phone_width_and_none_is_wider_than_the_window()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var failures = new List<string>();

        var setup = await browser.NewPageAsync();
        await Browsers.SignInAsync(setup, app);
        var pages = AdminPages.ToList();
        await EnsurePayoutRunAsync(setup);
        foreach (var (name, list, link) in DetailPages)
        {
            await setup.GotoAsync(app.BaseUrl + list);
            var href = await setup.Locator(link).First.GetAttributeAsync("href");
            if (href is null) failures.Add($"{name}: no link '{link}' on {list}");
            else pages.Add((name, href));
        }

        foreach (var (width, height) in Viewports)
        {
            var size = $"{width}x{height}";
            await using var anonymous = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
            await CheckAsync(await anonymous.NewPageAsync(), "login", "/Account/Login", size, failures);

            await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
            var page = await context.NewPageAsync();
            await Browsers.SignInAsync(page, app);
            foreach (var (name, path) in pages) await CheckAsync(page, name, path, size, failures);

            // Below 1200 px the navigation folds behind the menu button, which opens it.
            var campaigns = page.GetByRole(AriaRole.Link, new() { Name = "Campaigns", Exact = true });
            if (width < 1200)
            {
                await Assertions.Expect(campaigns).ToBeHiddenAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
            }
            await Assertions.Expect(campaigns).ToBeVisibleAsync();
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    async Task CheckAsync(IPage page, string name, string path, string size, List<string> failures)
    {
        var errors = new List<string>();
        void OnConsole(object? _, IConsoleMessage message) { if (message.Type == "error") errors.Add(message.Text); }
        page.Console += OnConsole;
        await page.GotoAsync(app.BaseUrl + path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        page.Console -= OnConsole;
        var file = await Browsers.ScreenshotAsync(page, $"look-{size}-{name}.png");
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        output.WriteLine($"{size} {path}: scrollWidth {scrollWidth}, innerWidth {innerWidth}, {file}");
        if (scrollWidth > innerWidth)
            failures.Add($"{size} {path}: {scrollWidth} px wide in a {innerWidth} px window; beyond it: " +
                string.Join(", ", await page.EvaluateAsync<string[]>(WiderThanTheWindow)));
        // A Content-Security-Policy violation (an inline style or script) is a console error too.
        if (errors.Count > 0 && !path.StartsWith("/no-such-page", StringComparison.Ordinal)) failures.Add($"{size} {path}: console errors: {string.Join(" | ", errors)}");
    }

    /// <summary>The outermost elements that reach past the window's right edge, for the failure message.</summary>
    const string WiderThanTheWindow = """
        () => [...document.body.querySelectorAll('*')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 0.5))
            .slice(0, 8)
            .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : '') + ' (' + Math.round(e.getBoundingClientRect().right) + ')')
        """;

    /// <summary>A payout run for the run's page: the first listed, or a new one of one HKVitals day (the payout run test's is Gritzo's).</summary>
    async Task EnsurePayoutRunAsync(IPage page)
    {
        await page.GotoAsync(app.BaseUrl + "/Payouts/Runs");
        if (await page.Locator("a[href*='/Payouts/Runs/Details?id=']").CountAsync() > 0) return;
        var day = DateTime.UtcNow.Date.AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByLabel("From").FillAsync(day);
        await page.GetByLabel("To").FillAsync(day);
        await page.GetByLabel("Brand").SelectOptionAsync(new SelectOptionValue { Label = "HKVitals" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Create run" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/Payouts/Runs/Details\\?id=\\d+"));
    }
}

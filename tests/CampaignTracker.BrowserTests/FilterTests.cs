using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CampaignTracker.BrowserTests;

/// <summary>Issue 17, filters people can use: searchable multi-selects, date presets, removable chips; the URL is the view.</summary>
[Collection(BrowserCollection.Name)]
public class FilterTests(BrowserApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_brands_chosen_by_typing_a_preset_and_a_removed_chip_each_change_the_url_and_the_cards()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1440, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };
        await Browsers.SignInAsync(page, app);
        var all = await RevenueAsync(page);
        Assert.Equal(0, await page.Locator("#active-filters").CountAsync());   // no filter, no chips

        // Keyboard only: Tab from the last date field reaches the brand search; type, Enter, type, Enter; Escape closes the list, Enter applies.
        await page.Locator("#to").FocusAsync();
        for (var tabs = 0; tabs < 12 && await ActiveIdAsync(page) != "brand-ts-control"; tabs++) await page.Keyboard.PressAsync("Tab");
        Assert.Equal("brand-ts-control", await ActiveIdAsync(page));
        await page.Keyboard.TypeAsync("gri");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("hkv");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(["Gritzo", "HKVitals"], (await page.Locator("#brand option:checked").AllInnerTextsAsync()).Order());
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("brand=Gritzo") && url.Contains("brand=HKVitals"));
        Assert.Equal(["Gritzo", "HKVitals"], Query(page.Url, "brand").Order());
        Assert.DoesNotContain("from=", page.Url);   // empty fields stay out of the URL
        var twoBrands = await RevenueAsync(page);
        Assert.True(twoBrands < all, $"two brands {twoBrands} of {all}");
        await Assertions.Expect(Chip(page, "Brand: Gritzo")).ToBeVisibleAsync();
        await Assertions.Expect(Chip(page, "Brand: HKVitals")).ToBeVisibleAsync();
        output.WriteLine($"two brands: {await Browsers.ScreenshotAsync(page, "filters-two-brands.png")}");

        // A preset: the last 30 days up to the data's latest day (shown on the form), the brands kept.
        var anchor = DateOnly.ParseExact((await page.Locator("#date-anchor time").GetAttributeAsync("datetime"))!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var from = anchor.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByRole(AriaRole.Link, new() { Name = "Last 30 days", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("from=" + from));
        Assert.Equal([from], Query(page.Url, "from"));
        Assert.Equal([anchor.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)], Query(page.Url, "to"));
        Assert.Equal(["Gritzo", "HKVitals"], Query(page.Url, "brand").Order());
        var thirtyDays = await RevenueAsync(page);
        Assert.True(thirtyDays < twoBrands, $"30 days {thirtyDays} of {twoBrands}");
        Assert.True(await page.Locator("#revenue-table tbody tr").CountAsync() <= 30);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Last 30 days", Exact = true })).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(Chip(page, $"Dates: Last 30 days ({from} – {anchor:yyyy-MM-dd})")).ToBeVisibleAsync();

        // A chip removed: that brand leaves the URL, the rest stays.
        await Chip(page, "Brand: Gritzo").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("brand=Gritzo"));
        Assert.Equal(["HKVitals"], Query(page.Url, "brand"));
        Assert.Equal([from], Query(page.Url, "from"));
        var oneBrand = await RevenueAsync(page);
        Assert.True(oneBrand < thirtyDays, $"one brand {oneBrand} of {thirtyDays}");
        Assert.Equal(["HKVitals"], await page.Locator("#brand option:checked").AllInnerTextsAsync());
        await Assertions.Expect(Chip(page, "Brand: Gritzo")).ToHaveCountAsync(0);
        output.WriteLine($"chip removed: {await Browsers.ScreenshotAsync(page, "filters-chip-removed.png")}");

        // Reset all: the whole data again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Reset all" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/");
        Assert.Equal(all, await RevenueAsync(page));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Without_javascript_the_plain_selects_the_preset_links_and_the_chips_work()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new() { JavaScriptEnabled = false, ViewportSize = new() { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        await Browsers.SignInAsync(page, app);
        await page.GotoAsync(app.BaseUrl + "/Campaigns");

        await page.GetByLabel("Brand").SelectOptionAsync(["Gritzo", "HKVitals"]);   // the plain <select multiple>
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("brand=HKVitals"));
        Assert.Equal(["Gritzo", "HKVitals"], Query(page.Url, "brand").Order());

        await page.GetByRole(AriaRole.Link, new() { Name = "Last 7 days", Exact = true }).ClickAsync();   // a link: the current URL with the dates
        await page.WaitForURLAsync(url => url.Contains("from="));
        Assert.Equal(["Gritzo", "HKVitals"], Query(page.Url, "brand").Order());
        Assert.Single(Query(page.Url, "to"));

        await Chip(page, "Brand: HKVitals").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("brand=HKVitals"));
        Assert.Equal(["Gritzo"], Query(page.Url, "brand"));
        Assert.Single(Query(page.Url, "from"));
        Assert.All(await page.Locator("#campaigns tbody tr").AllInnerTextsAsync(), row => Assert.False(string.IsNullOrWhiteSpace(row)));
        output.WriteLine($"no JavaScript: {await Browsers.ScreenshotAsync(page, "filters-no-javascript.png")}");
    }

    static ILocator Chip(IPage page, string filter) => page.GetByRole(AriaRole.Link, new() { Name = "Remove " + filter, Exact = true });

    static Task<string?> ActiveIdAsync(IPage page) => page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.id");

    static string[] Query(string url, string key) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(url).Query).TryGetValue(key, out var values) ? values.Select(v => v ?? "").ToArray() : [];

    static async Task<decimal> RevenueAsync(IPage page) =>
        decimal.Parse((await page.Locator("#kpi-cards .kpi-value").First.InnerTextAsync()).Replace("₹", "").Replace(",", ""), CultureInfo.InvariantCulture);
}

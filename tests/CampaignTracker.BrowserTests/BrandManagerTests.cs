using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CampaignTracker.BrowserTests;

/// <summary>Issue 4: a brand manager filters by platform and date range, opens an influencer, and the URL is the view.</summary>
[Collection(BrowserCollection.Name)]
public class BrandManagerTests(BrowserApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_brand_manager_filters_opens_an_influencer_and_the_url_reproduces_the_view()
    {
        var (email, password) = await app.BrandManagerAsync("hk-browser@test.local", "HKVitals");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        page.Response += (_, response) => { if (response.Status >= 400) errors.Add($"{response.Status} {response.Url}"); };

        await page.GotoAsync(app.BaseUrl + "/");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(app.BaseUrl + "/");

        Assert.Equal(["HKVitals"], await page.Locator("#brand option").AllInnerTextsAsync());   // only their brand is offered
        var revenueBefore = await page.Locator("#kpi-cards .kpi-value").First.InnerTextAsync();
        var daysBefore = await page.Locator("#revenue-table tbody tr").CountAsync();

        var to = DateOnly.FromDateTime(DateTime.UtcNow);
        var from = to.AddDays(-30);
        await page.Locator("#platform").SelectOptionAsync("Instagram");
        await page.Locator("#from").FillAsync(from.ToString("yyyy-MM-dd"));
        await page.Locator("#to").FillAsync(to.ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("platform=Instagram") && url.Contains("from=" + from.ToString("yyyy-MM-dd")));

        var revenueAfter = await page.Locator("#kpi-cards .kpi-value").First.InnerTextAsync();
        Assert.NotEqual(revenueBefore, revenueAfter);                                          // the cards changed
        Assert.True(await page.Locator("#revenue-table tbody tr").CountAsync() < daysBefore);   // the chart's table twin: fewer days
        Assert.True(await page.Locator("#revenue-table tbody tr").CountAsync() <= 31);
        await Assertions.Expect(page.Locator("#revenue-chart")).ToHaveAttributeAsync("data-rendered", "true");
        output.WriteLine($"overview: {await Browsers.ScreenshotAsync(page, "brand-manager-overview.png")}");

        await page.GetByRole(AriaRole.Link, new() { Name = "Influencers", Exact = true }).ClickAsync();   // the filters travel along
        await page.WaitForURLAsync(url => url.Contains("/Influencers") && url.Contains("platform=Instagram"));
        var platforms = await page.Locator("#influencers tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.NotEmpty(platforms);
        Assert.All(platforms, p => Assert.Equal("Instagram", p));
        var first = page.Locator("#influencers tbody tr td:first-child a").First;
        var name = await first.InnerTextAsync();
        await first.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Influencers/Details") && url.Contains("platform=Instagram"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#influencer-chart")).ToHaveAttributeAsync("data-rendered", "true");
        Assert.Equal(0, await page.Locator("#reconciliation").CountAsync());              // a contract spans brands: admins only
        var products = await page.Locator("#influencer-products tbody td:first-child").AllInnerTextsAsync();
        Assert.All(products, p => Assert.EndsWith("(HKVitals)", p));
        var url = page.Url;
        var cards = await page.Locator("#influencer-cards .kpi-value").AllInnerTextsAsync();

        await page.ReloadAsync();
        Assert.Equal(url, page.Url);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        Assert.Equal(cards, await page.Locator("#influencer-cards .kpi-value").AllInnerTextsAsync());
        Assert.Equal(["Instagram"], await page.Locator("#platform option:checked").AllInnerTextsAsync());
        Assert.Equal(from.ToString("yyyy-MM-dd"), await page.Locator("#from").InputValueAsync());
        output.WriteLine($"influencer: {await Browsers.ScreenshotAsync(page, "brand-manager-influencer.png")}");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}

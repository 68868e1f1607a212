using System.Net;
using System.Text.RegularExpressions;

namespace CampaignTracker.Tests.Integration;

/// <summary>
/// Issue 17 on the hand-made data set (HandMadeData): the date presets count back from the latest day the viewer
/// may see (sales to 2025-06-03, C3's post on 2025-06-04), and every page with the filter form shows the chips.
/// </summary>
[Collection(AppCollection.Name)]
public class FilterFormTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    static string? Anchor(string html) => Regex.Match(html, "id=\"date-anchor\"[^>]*>up to <time datetime=\"([0-9-]+)\"") is { Success: true } m ? m.Groups[1].Value : null;

    static string? Href(string html, string ariaLabel) =>
        Regex.Match(html, $"<a [^>]*href=\"([^\"]*)\"[^>]*aria-label=\"{Regex.Escape(ariaLabel)}\"") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    static string? PresetHref(string html, string label) =>
        Regex.Match(html, $"<a [^>]*href=\"([^\"]*)\"[^>]*data-preset[^>]*>{Regex.Escape(label)}</a>", RegexOptions.Singleline) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [Fact]
    public async Task Presets_end_on_the_latest_day_of_the_data_the_viewer_may_see()
    {
        var admin = await (await app.AdminAsync()).GetStringAsync("/");
        Assert.Equal("2025-06-04", Anchor(admin));   // C3's post, the last row of any kind
        Assert.Equal("/?from=2025-05-29&to=2025-06-04", PresetHref(admin, "Last 7 days"));
        Assert.Equal("/?from=2025-05-01&to=2025-05-31", PresetHref(admin, "Last month"));
        Assert.Equal("/", PresetHref(admin, "All dates"));

        // HKVitals: A1's Biotin on 06-02, B2's on 06-03 (brand from the catalogue), their posts up to 06-03; not C3's post.
        var manager = await (await app.BrandManagerAsync("presets-hk@test.local", "HKVitals")).GetStringAsync("/Campaigns?sort=roas");
        Assert.Equal("2025-06-03", Anchor(manager));
        Assert.Equal("/Campaigns?sort=roas&from=2025-05-05&to=2025-06-03", PresetHref(manager, "Last 30 days"));

        var nothing = await (await app.BrandManagerAsync("presets-gritzo@test.local", "Gritzo")).GetStringAsync("/");
        Assert.Null(Anchor(nothing));                // no Gritzo sales: no anchor, only "All dates"
        Assert.Null(PresetHref(nothing, "Last 7 days"));
        Assert.Equal("/", PresetHref(nothing, "All dates"));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Campaigns")]
    [InlineData("/Campaigns/Details?name=Campaign_1")]
    [InlineData("/Influencers")]
    [InlineData("/Influencers/Details?id=A1")]
    [InlineData("/Posts")]
    [InlineData("/Insights")]
    [InlineData("/Payouts")]
    public async Task Every_page_with_the_filter_form_shows_removable_chips_and_loads_the_searchable_selects(string page)
    {
        var separator = page.Contains('?') ? "&" : "?";
        var html = await (await app.AdminAsync()).GetStringAsync($"{page}{separator}brand=HKVitals&brand=MuscleBlaze&from=2025-06-02");

        Assert.Equal($"{page}{separator}brand=MuscleBlaze&from=2025-06-02", Href(html, "Remove Brand: HKVitals"));
        Assert.Equal($"{page}{separator}brand=HKVitals&brand=MuscleBlaze", Href(html, "Remove Dates: from 2025-06-02"));
        Assert.Matches("<a href=\"" + Regex.Escape(page.Replace("&", "&amp;")) + "\" id=\"reset-filters\">Reset all</a>", html);
        Assert.Contains("<select class=\"form-select form-select-sm\" id=\"brand\" name=\"brand\" multiple size=\"3\"", html);   // works without JavaScript
        Assert.Contains("data-searchable", html);
        Assert.Contains("src=\"/lib/tom-select/js/tom-select.popular.min.js\"", html);
        Assert.Contains("href=\"/lib/tom-select/css/tom-select.bootstrap5.min.css\"", html);
    }

    [Fact]
    public async Task The_alerts_brand_filter_is_searchable_and_pages_without_filters_load_no_select_library()
    {
        var admin = await app.AdminAsync();
        Assert.Contains("tom-select.popular.min.js", await admin.GetStringAsync("/Alerts"));
        Assert.DoesNotContain("tom-select", await admin.GetStringAsync("/Uploads"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/lib/tom-select/js/tom-select.popular.min.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/js/filters.js")).StatusCode);
    }
}

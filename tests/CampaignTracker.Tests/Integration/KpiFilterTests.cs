using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CampaignTracker.Tests.Integration;

/// <summary>
/// /api/kpis with the filters of every page, on the hand-made data set (HandMadeData). Tiers: A1 50,000 followers
/// = micro, B2 200,000 = mid, C3 9,000 = nano. A1 is paid per order (rate 10, declared 120), B2 per post
/// (rate 500 × 2 posts = 1,000, declared 500), C3 has no contract.
/// </summary>
[Collection(AppCollection.Name)]
public class KpiFilterTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    async Task<JsonElement> KpisAsync(string query, HttpClient? client = null)
    {
        var response = await (client ?? await app.AdminAsync()).GetAsync("/api/kpis" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static decimal N(JsonElement k, string name) => decimal.Round(k.GetProperty(name).GetDecimal(), 4);

    [Fact]
    public async Task A_date_range_keeps_the_sales_and_the_posts_dated_in_it()
    {
        var k = await KpisAsync("?from=2025-06-02&to=2025-06-02");
        Assert.Equal(900m, N(k, "revenue"));                 // A1 Biotin 300 + B2 Whey 600
        Assert.Equal(4, k.GetProperty("orders").GetInt64());
        Assert.Equal(530m, N(k, "payout"));                  // A1 10 × 3 orders + B2 500 × the 1 post of 2025-06-02
        Assert.Equal(7.6667m, N(k, "err"));                  // B2's post that day: 230 / 3,000
    }

    [Fact]
    public async Task Declared_payouts_have_no_date_and_are_spread_by_revenue_in_a_date_range()
    {
        var k = await KpisAsync("?from=2025-06-02&to=2025-06-02&cost=declared");
        Assert.Equal(327.69m, N(k, "payout"));               // A1 120 × 300/1,300 + B2 500 × 600/1,000
    }

    [Fact]
    public async Task A_brand_filter_spreads_post_costs_by_revenue_share()
    {
        var k = await KpisAsync("?brand=HKVitals");
        Assert.Equal(700m, N(k, "revenue"));
        Assert.Equal(7, k.GetProperty("orders").GetInt64());
        Assert.Equal(430m, N(k, "payout"));                  // A1 10 × 3 + B2 1,000 × 400/1,000
        Assert.Equal(8m, N(k, "err"));                       // the posts of A1 and B2: 400 / 5,000
    }

    [Fact]
    public async Task A_tier_filter_keeps_whole_influencers()
    {
        var k = await KpisAsync("?tier=Micro");
        Assert.Equal(1_300m, N(k, "revenue"));               // A1 only
        Assert.Equal(50m, N(k, "payout"));                   // 10 × 5 orders
        Assert.Equal(12m, N(k, "err"));                      // A1's post: 120 / 1,000
        Assert.Equal(120m, N(await KpisAsync("?tier=Micro&cost=declared"), "payout"));
    }

    [Fact]
    public async Task Platform_is_the_primary_platform_for_sales_and_the_post_platform_for_engagement()
    {
        var k = await KpisAsync("?platform=YouTube");
        Assert.Equal(1_000m, N(k, "revenue"));               // B2's sales (primary platform YouTube)
        Assert.Equal(1_000m, N(k, "payout"));                // B2: 500 × 2 posts
        Assert.Equal(7m, N(k, "err"));                       // posts on YouTube: 280 / 4,000
    }

    [Fact]
    public async Task Repeated_parameters_select_several_values()
    {
        var k = await KpisAsync("?gender=Female&gender=Male&cost=declared&campaign=Campaign_1&campaign=Campaign_2");
        Assert.Equal(2_300m, N(k, "revenue"));
        Assert.Equal(620m, N(k, "payout"));                  // cut by campaign: 120 × 1,300/1,300 + 500 × 1,000/1,000
    }

    [Fact]
    public async Task A_brand_manager_date_slice_divides_by_the_revenue_in_the_range()
    {
        var manager = await app.BrandManagerAsync("mb-dates@test.local", "MuscleBlaze");
        var k = await KpisAsync("?from=2025-06-02", manager);
        Assert.Equal(600m, N(k, "revenue"));                 // B2 Whey on 2025-06-02; A1's MuscleBlaze sale is on 06-01
        Assert.Equal(600m, N(k, "payout"));                  // B2 500 × 2 posts from 06-02 × 600 / 1,000 of its revenue then
    }

    [Fact]
    public async Task A_brand_manager_cannot_widen_the_scope_with_a_brand_filter()
    {
        var manager = await app.BrandManagerAsync("mb-tamper@test.local", "MuscleBlaze");
        var k = await KpisAsync("?brand=HKVitals", manager);
        Assert.Equal(0m, N(k, "revenue"));
        Assert.Equal(0m, N(k, "payout"));
    }

    [Fact]
    public async Task A_date_that_is_not_a_date_is_a_400()
    {
        var response = await (await app.AdminAsync()).GetAsync("/api/kpis?from=2025-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_overview_page_takes_the_same_filters_and_offers_only_existing_values()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/?brand=HKVitals");
        Assert.Contains("₹700.00", html);
        Assert.Contains("<option value=\"HKVitals\" selected=\"selected\">HKVitals</option>", html);
        Assert.Contains("<option value=\"Micro\">Micro</option>", html);
        Assert.DoesNotContain("<option value=\"Mega\"", html);   // no mega influencer sold anything
    }

    [Fact]
    public async Task A_date_range_comes_with_the_previous_period_of_the_same_length()
    {
        var k = await KpisAsync("?from=2025-06-03&to=2025-06-03");
        Assert.Equal(400m, N(k, "revenue"));                                    // B2 Biotin on 06-03
        Assert.Equal(900m, N(k.GetProperty("previous"), "revenue"));            // 06-02: A1 300 + B2 600
        var html = await (await app.AdminAsync()).GetStringAsync("/?from=2025-06-03&to=2025-06-03");
        Assert.Contains("▼ 55.6% vs the day before", html);                   // (400 − 900) / 900
        Assert.Equal(JsonValueKind.Null, (await KpisAsync("")).GetProperty("previous").ValueKind);
    }

    [Fact]
    public void The_previous_period_has_the_same_length_and_ends_the_day_before()
    {
        var previous = new CampaignTracker.Web.Reporting.KpiFilters { From = new(2025, 6, 1), To = new(2025, 6, 7), Brand = ["Gritzo"] }.PreviousPeriod()!;
        Assert.Equal((new DateOnly(2025, 5, 25), new DateOnly(2025, 5, 31)), (previous.From, previous.To));
        Assert.Equal(["Gritzo"], previous.Brand);
    }
}

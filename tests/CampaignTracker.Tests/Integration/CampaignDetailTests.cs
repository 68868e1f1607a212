using System.Net.Http.Json;
using System.Net;

namespace CampaignTracker.Tests.Integration;

/// <summary>The campaign detail page and the campaigns timeline on the hand-made data set.</summary>
[Collection(AppCollection.Name)]
public class CampaignDetailTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    [Fact]
    public async Task Shows_the_campaigns_influencers_and_products()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Campaigns/Details?name=Campaign_1");

        Assert.Contains("₹1,300.00", html);                      // revenue
        Assert.Contains(">Asha Rao</a>", html);
        Assert.DoesNotContain("Bala Iyer", html);                 // Campaign_2 only
        Assert.Contains("Whey Protein (MuscleBlaze)", html);
        Assert.Contains("Biotin (HKVitals)", html);
        Assert.Contains("₹50.00", html);                          // payout: 10 × 5 orders
        Assert.Contains("26.00", html);                           // ROAS 1,300 / 50
    }

    [Fact]
    public async Task A_brand_manager_sees_their_brands_part_and_not_found_for_campaigns_without_it()
    {
        var hk = await app.BrandManagerAsync("hk-campaign@test.local", "HKVitals");
        var html = await hk.GetStringAsync("/Campaigns/Details?name=Campaign_1");
        Assert.Contains("Biotin (HKVitals)", html);
        Assert.DoesNotContain("Whey Protein", html);

        var gritzo = await app.BrandManagerAsync("gritzo-campaign@test.local", "Gritzo");
        Assert.Equal(HttpStatusCode.NotFound, (await gritzo.GetAsync("/Campaigns/Details?name=Campaign_1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hk.GetAsync("/Campaigns/Details?name=Campaign_99")).StatusCode);
    }

    [Fact]
    public async Task The_campaigns_page_charts_revenue_per_week_of_each_campaign()
    {
        var html = System.Text.RegularExpressions.Regex.Replace(await (await app.AdminAsync()).GetStringAsync("/Campaigns"), @">\s+<", "><");

        Assert.Contains("id=\"campaign-timeline-chart\"", html);
        // 1 June 2025 is a Sunday: its week starts on 26 May; 2 and 3 June are the next week
        Assert.Contains("<td>2025-05-26</td><td class=\"text-end\">₹1,000.00</td><td class=\"text-end\">₹0.00</td>", html);
        Assert.Contains("<td>2025-06-02</td><td class=\"text-end\">₹300.00</td><td class=\"text-end\">₹1,000.00</td>", html);
        Assert.Contains("href=\"/Campaigns/Details?name=Campaign_1\"", html);
    }
}

[Collection(AppCollection.Name)]
public class NavigationTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    [Fact]
    public async Task The_page_links_carry_the_filters_of_the_view_and_nothing_else()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Campaigns?platform=YouTube&from=2025-06-01&sort=revenue");

        Assert.Contains("href=\"/Influencers?platform=YouTube&amp;from=2025-06-01\"", html);
        Assert.Contains("href=\"/?platform=YouTube&amp;from=2025-06-01\"", html);
    }
}

[Collection(AppCollection.Name)]
public class DetailApiTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    [Fact]
    public async Task The_influencer_detail_twin_has_the_pages_numbers()
    {
        var json = await (await app.AdminAsync()).GetFromJsonAsync<System.Text.Json.JsonElement>("/api/influencers/B2?brand=HKVitals");

        Assert.Equal(400m, json.GetProperty("revenue").GetDecimal());                   // Biotin, brand from the catalogue
        Assert.Equal(400m, json.GetProperty("payout").GetDecimal());                    // 500 × 2 posts × 400 / 1,000
        Assert.Equal("Biotin", json.GetProperty("products")[0].GetProperty("name").GetString());
        Assert.Equal(2, json.GetProperty("posts").GetArrayLength());
    }

    [Fact]
    public async Task The_campaign_detail_twin_has_the_pages_numbers_and_hides_other_brands()
    {
        var admin = await app.AdminAsync();
        var json = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/campaigns/Campaign_2");
        Assert.Equal((1_000m, 1_000m), (json.GetProperty("kpis").GetProperty("revenue").GetDecimal(), json.GetProperty("kpis").GetProperty("payout").GetDecimal()));
        Assert.Equal("B2", json.GetProperty("influencers")[0].GetProperty("id").GetString());

        var gritzo = await app.BrandManagerAsync("gritzo-api@test.local", "Gritzo");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await gritzo.GetAsync("/api/campaigns/Campaign_2")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await gritzo.GetAsync("/api/influencers/B2")).StatusCode);
    }
}

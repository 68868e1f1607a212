using System.Net.Http.Json;
using System.Text.Json;

namespace CampaignTracker.Tests.Integration;

/// <summary>/api/campaigns and the Campaigns page on the hand-made data set (figures by hand in each test).</summary>
[Collection(AppCollection.Name)]
public class CampaignsTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    async Task<JsonElement[]> CampaignsAsync(string query = "", HttpClient? client = null) =>
        (await (client ?? await app.AdminAsync()).GetFromJsonAsync<JsonElement[]>("/api/campaigns" + query))!;

    static decimal N(JsonElement row, string name) => decimal.Round(row.GetProperty(name).GetDecimal(), 4);

    [Fact]
    public async Task Each_campaign_gets_its_revenue_and_its_allocated_payout()
    {
        var rows = await CampaignsAsync();

        Assert.Equal(["Campaign_1", "Campaign_2"], rows.Select(r => r.GetProperty("campaign").GetString()));
        var (first, second) = (rows[0], rows[1]);
        Assert.Equal((1_300m, 5L, 1), (N(first, "revenue"), first.GetProperty("orders").GetInt64(), first.GetProperty("influencers").GetInt32()));
        Assert.Equal(50m, N(first, "payout"));          // A1: 10 × 5 orders
        Assert.Equal(26m, N(first, "roas"));            // 1,300 / 50
        Assert.Equal(1_000m, N(second, "payout"));      // B2: 500 × 2 posts, all its revenue is in Campaign_2
        Assert.Equal(0.2308m, N(second, "iroas"));      // (1,000 − 1,000 / 1.3) / 1,000
        Assert.Equal(-76.9231m, N(second, "roi"));      // (230.77 − 1,000) / 1,000 × 100
    }

    [Fact]
    public async Task Declared_payouts_are_spread_over_campaigns_by_revenue()
    {
        var rows = await CampaignsAsync("?cost=declared");
        Assert.Equal([120m, 500m], rows.Select(r => N(r, "payout")));
    }

    [Fact]
    public async Task Sorting_by_payout_descending_puts_the_costliest_first()
    {
        var rows = await CampaignsAsync("?sort=payout&dir=desc");
        Assert.Equal("Campaign_2", rows[0].GetProperty("campaign").GetString());
    }

    [Fact]
    public async Task A_brand_manager_sees_only_the_campaign_revenue_of_their_brand()
    {
        var rows = await CampaignsAsync("", await app.BrandManagerAsync("hk-campaigns@test.local", "HKVitals"));
        Assert.Equal([300m, 400m], rows.Select(r => N(r, "revenue")));
        Assert.Equal([30m, 400m], rows.Select(r => N(r, "payout")));   // A1 10 × 3; B2 1,000 × 400 / 1,000
    }

    [Fact]
    public async Task The_campaigns_page_shows_the_rows_with_sort_links_that_keep_the_filters()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Campaigns?brand=MuscleBlaze");
        Assert.Contains("href=\"/Campaigns/Details?brand=MuscleBlaze&amp;name=Campaign_1\">Campaign_1</a>", html);
        Assert.Contains("₹1,000.00", html);                            // A1's MuscleBlaze revenue
        Assert.Contains("href=\"/Campaigns?brand=MuscleBlaze&amp;sort=revenue&amp;dir=asc\"", html);
    }

    [Fact]
    public async Task Ratio_cells_explain_themselves_with_the_inputs_of_the_slice()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Campaigns");

        Assert.Contains("title=\"ROAS = revenue ÷ payout = ₹1,300.00 ÷ ₹50.00\"", html);
        Assert.Contains("title=\"iROAS = incremental revenue ÷ payout = (₹1,300.00 − ₹1,300.00 ÷ 1.3) ÷ ₹50.00 = ₹300.00 ÷ ₹50.00\"", html);
        Assert.Contains("src=\"/js/site.js", html);   // shows titles as tooltips on hover and focus
    }
}

using System.Net.Http.Json;
using System.Text.Json;

namespace CampaignTracker.Tests.Integration;

/// <summary>/api/influencers and the Influencers page on the hand-made data set (figures by hand).</summary>
[Collection(AppCollection.Name)]
public class InfluencersTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    async Task<JsonElement> InfluencersAsync(string query = "", HttpClient? client = null) =>
        await (client ?? await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/influencers" + query);

    static JsonElement[] Rows(JsonElement result) => result.GetProperty("rows").EnumerateArray().ToArray();

    static decimal? N(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : decimal.Round(row.GetProperty(name).GetDecimal(), 4);

    [Fact]
    public async Task Every_influencer_has_posts_engagement_sales_and_payout()
    {
        var rows = Rows(await InfluencersAsync());

        Assert.Equal(["A1", "B2", "C3"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["Micro", "Mid", "Nano"], rows.Select(r => r.GetProperty("tier").GetString()));
        Assert.Equal([12m, 7m, 6m], rows.Select(r => N(r, "err")));                 // 120/1,000; 280/4,000; 30/500
        Assert.Equal([1_300m, 1_000m, 0m], rows.Select(r => N(r, "revenue")));
        Assert.Equal([50m, 1_000m, 0m], rows.Select(r => N(r, "payout")));           // sums to the overview's 1,050
        Assert.Equal([26m, 1m, null], rows.Select(r => N(r, "roas")));               // C3 has no payout: undefined
    }

    [Fact]
    public async Task Declared_payouts_per_influencer_add_up_to_the_company_total() =>
        Assert.Equal(620m, Rows(await InfluencersAsync("?cost=declared")).Sum(r => N(r, "payout")));

    [Fact]
    public async Task Sorting_by_roas_puts_undefined_ratios_last()
    {
        Assert.Equal(["A1", "B2", "C3"], Rows(await InfluencersAsync("?sort=roas&dir=desc")).Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["B2", "A1", "C3"], Rows(await InfluencersAsync("?sort=roas&dir=asc")).Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Search_finds_influencers_by_name_ignoring_case()
    {
        var result = await InfluencersAsync("?q=bala");
        Assert.Equal(1, result.GetProperty("total").GetInt32());
        Assert.Equal("B2", Rows(result)[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_brand_manager_sees_only_influencers_who_sold_their_brands()
    {
        var rows = Rows(await InfluencersAsync("", await app.BrandManagerAsync("hk-influencers@test.local", "HKVitals")));
        Assert.Equal(["A1", "B2"], rows.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal([300m, 400m], rows.Select(r => N(r, "revenue")));
        Assert.Equal([30m, 400m], rows.Select(r => N(r, "payout")));
    }

    [Fact]
    public async Task The_influencers_page_lists_them_with_paging()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Influencers?sort=revenue&dir=desc");
        Assert.Contains(">Chitra N</a></td>", html);
        Assert.Contains("href=\"/Influencers/Details?id=C3\"", html);   // sort and page stay behind
        Assert.Contains("Page 1 of 1", html);
        Assert.True(html.IndexOf("Asha Rao", StringComparison.Ordinal) < html.IndexOf("Bala Iyer", StringComparison.Ordinal));
    }
}

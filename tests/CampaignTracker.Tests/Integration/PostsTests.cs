using System.Net.Http.Json;
using System.Text.Json;

namespace CampaignTracker.Tests.Integration;

/// <summary>/api/posts and the Posts page on the hand-made data set (figures by hand in each test).</summary>
[Collection(AppCollection.Name)]
public class PostsTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    async Task<JsonElement> PostsAsync(string query = "", HttpClient? client = null) =>
        await (client ?? await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/posts" + query);

    static decimal N(JsonElement e, string name) => decimal.Round(e.GetProperty(name).GetDecimal(), 4);

    [Fact]
    public async Task Totals_and_err_are_ratios_of_sums()
    {
        var total = (await PostsAsync()).GetProperty("total");

        Assert.Equal((4L, 5_500L, 430L), (total.GetProperty("posts").GetInt64(), total.GetProperty("reach").GetInt64(), total.GetProperty("engagements").GetInt64()));
        Assert.Equal(7.8182m, N(total, "err"));   // 430 / 5,500 × 100, not the mean of 12, 7.67, 5, 6
    }

    [Fact]
    public async Task Err_by_post_platform_and_by_tier()
    {
        var posts = await PostsAsync();

        var platforms = posts.GetProperty("byPlatform").EnumerateArray().ToDictionary(p => p.GetProperty("label").GetString()!, p => N(p, "err"));
        Assert.Equal(new Dictionary<string, decimal> { ["YouTube"] = 7m, ["Instagram"] = 12m, ["TikTok"] = 6m }, platforms);   // 280/4,000; 120/1,000; 30/500
        var tiers = posts.GetProperty("byTier").EnumerateArray().Select(t => (t.GetProperty("label").GetString(), N(t, "err")));
        Assert.Equal([("Nano", 6m), ("Micro", 12m), ("Mid", 7m)], tiers);   // Chitra 9,000, Asha 50,000, Bala 200,000 followers
    }

    [Fact]
    public async Task Top_posts_rank_by_engagements_with_their_url_and_caption()
    {
        var top = (await PostsAsync()).GetProperty("top").EnumerateArray().ToList();

        Assert.Equal([230L, 120L, 50L, 30L], top.Select(p => p.GetProperty("likes").GetInt64() + p.GetProperty("comments").GetInt64()));
        Assert.Equal("2025-06-02", top[0].GetProperty("date").GetString());
        Assert.Equal("Hello, \"world\"", top[1].GetProperty("caption").GetString());
        Assert.Equal("http://a.example/1", top[1].GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_platform_filter_means_the_post_platform_here()
    {
        var total = (await PostsAsync("?platform=YouTube")).GetProperty("total");
        Assert.Equal(2L, total.GetProperty("posts").GetInt64());
    }

    [Fact]
    public async Task A_brand_manager_sees_the_posts_of_influencers_who_sold_their_brand()
    {
        var posts = await PostsAsync("", await app.BrandManagerAsync("hk-posts@test.local", "HKVitals"));
        Assert.Equal(3L, posts.GetProperty("total").GetProperty("posts").GetInt64());   // Asha and Bala sold Biotin; Chitra sold nothing
    }

    [Fact]
    public async Task The_posts_page_lists_top_posts_with_captions_as_text()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Posts");

        Assert.Contains("id=\"top-posts\"", html);
        Assert.Contains("Hello, &quot;world&quot;", html);
        Assert.Contains("href=\"http://b.example/1\"", html);
    }
}

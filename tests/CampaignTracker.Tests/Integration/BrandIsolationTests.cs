using System.Net.Http.Json;
using System.Text.Json;

namespace CampaignTracker.Tests.Integration;

/// <summary>Two brand managers of different brands: disjoint numbers everywhere, whatever the query string says.</summary>
[Collection(AppCollection.Name)]
public class BrandIsolationTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    static decimal Revenue(JsonElement k) => k.GetProperty("revenue").GetDecimal();

    [Fact]
    public async Task Two_brand_managers_see_disjoint_revenue_that_adds_up_to_the_total()
    {
        var muscleBlaze = await app.BrandManagerAsync("iso-mb@test.local", "MuscleBlaze");
        var hkVitals = await app.BrandManagerAsync("iso-hk@test.local", "HKVitals");
        var admin = await app.AdminAsync();

        foreach (var query in new[] { "", "?cost=declared", "?from=2025-06-02", "?platform=YouTube", "?campaign=Campaign_1" })
        {
            var mb = Revenue(await muscleBlaze.GetFromJsonAsync<JsonElement>("/api/kpis" + query));
            var hk = Revenue(await hkVitals.GetFromJsonAsync<JsonElement>("/api/kpis" + query));
            var all = Revenue(await admin.GetFromJsonAsync<JsonElement>("/api/kpis" + query));
            Assert.Equal(all, mb + hk);
        }
    }

    [Theory]
    [InlineData("/api/kpis?brand=HKVitals")]
    [InlineData("/api/kpis?product=Biotin")]
    [InlineData("/api/campaigns?brand=HKVitals")]
    [InlineData("/api/influencers?product=Biotin")]
    [InlineData("/api/insights?brand=HKVitals")]
    [InlineData("/api/posts?brand=HKVitals")]
    [InlineData("/api/campaigns/Campaign_1?product=Biotin")]
    [InlineData("/api/influencers/B2?brand=HKVitals")]
    public async Task Asking_for_the_other_brand_in_the_query_string_returns_nothing(string url)
    {
        var muscleBlaze = await app.BrandManagerAsync($"iso-{Guid.NewGuid():N}@test.local", "MuscleBlaze");
        var json = await muscleBlaze.GetStringAsync(url);
        Assert.DoesNotMatch("\"revenue\":[1-9]", json);
    }

    [Fact]
    public async Task Filter_options_list_only_the_managers_own_brand_and_products()
    {
        var muscleBlaze = await app.BrandManagerAsync("iso-options@test.local", "MuscleBlaze");
        var html = await muscleBlaze.GetStringAsync("/");
        Assert.Contains("<option value=\"MuscleBlaze\">MuscleBlaze</option>", html);
        Assert.Contains("<option value=\"Whey Protein\">Whey Protein</option>", html);
        Assert.DoesNotContain("HKVitals", html);
        Assert.DoesNotContain("Biotin", html);
    }

    // A page repeats the viewer's own query (filter form, links): their input, not data. Only the rest is checked.
    static string WithoutEcho(string body) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(body, "<form method=\"get\".*?</form>", "", System.Text.RegularExpressions.RegexOptions.Singleline),
            "<[^>]*>", " ");

    /// <summary>Every page and download a manager can open, with and without asking for the other brand.</summary>
    public static TheoryData<string> Views() =>
    [
        "/", "/Campaigns", "/Influencers", "/Posts", "/Insights", "/Campaigns/Details?name=Campaign_1", "/Influencers/Details?id=A1",
        "/?handler=Csv", "/?handler=Csv&table=days", "/Campaigns?handler=Csv", "/Influencers?handler=Csv", "/Posts?handler=Csv",
        "/Insights?handler=Csv&table=top-revenue", "/Insights?handler=Csv&table=break-even",
        "/Influencers/Details?id=A1&handler=Csv&table=products", "/Influencers/Details?id=A1&handler=Csv&table=campaigns",
        "/Campaigns/Details?name=Campaign_1&handler=Csv&table=products", "/Campaigns/Details?name=Campaign_1&handler=Csv&table=influencers",
        "/Payouts?handler=Csv",
        "/api/kpis", "/api/campaigns", "/api/influencers", "/api/posts", "/api/insights", "/api/campaigns/Campaign_1", "/api/influencers/A1",
    ];

    [Theory]
    [MemberData(nameof(Views))]
    public async Task No_page_or_download_shows_a_manager_the_other_brands_products(string url)
    {
        var muscleBlaze = await app.BrandManagerAsync($"iso-{Guid.NewGuid():N}@test.local", "MuscleBlaze");
        foreach (var query in new[] { "", "brand=HKVitals", "product=Biotin&brand=HKVitals&brand=MuscleBlaze" })
        {
            var response = await muscleBlaze.GetAsync(url + (query == "" ? "" : (url.Contains('?') ? "&" : "?") + query));
            Assert.True(response.IsSuccessStatusCode, $"{url} {query}: {(int)response.StatusCode}");
            var body = WithoutEcho(await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain("HKVitals", body);
            Assert.DoesNotContain("Biotin", body);
            Assert.DoesNotContain("₹1,300.00", body);   // Asha's revenue over both brands
        }
    }
}

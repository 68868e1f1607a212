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
}

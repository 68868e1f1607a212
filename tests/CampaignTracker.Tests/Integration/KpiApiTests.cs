using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Web.Data;

namespace CampaignTracker.Tests.Integration;

/// <summary>The app with the hand-made data set ingested once.</summary>
public class HandMadeApp : AppFactory, IAsyncLifetime
{
    public virtual async Task InitializeAsync() =>
        Assert.Equal(UploadStatus.Succeeded, (await Ingest.FilesAsync(this, HandMadeData.Files())).Status);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

[Collection(AppCollection.Name)]
public class KpiApiTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    static async Task<JsonElement> KpisAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/kpis" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    static decimal Number(JsonElement json, string name, int decimals = 4) => decimal.Round(json.GetProperty(name).GetDecimal(), decimals);

    [Fact]
    public async Task Admin_sees_hand_computed_kpis_under_earned_cost()
    {
        var k = await KpisAsync(await app.AdminAsync());

        Assert.Equal(2_300m, Number(k, "revenue"));                  // 1,000 + 300 + 600 + 400
        Assert.Equal(10, k.GetProperty("orders").GetInt64());        // 2 + 3 + 1 + 4
        Assert.Equal("earned", k.GetProperty("costBasis").GetString());
        Assert.Equal(1_050m, Number(k, "payout"));                   // A1: 10 × 5 orders; B2: 500 × 2 posts; C3: no contract
        Assert.Equal(2.1905m, Number(k, "roas"));                    // 2,300 / 1,050
        Assert.Equal(530.7692m, Number(k, "incrementalRevenue"));    // 2,300 − 2,300 / 1.3
        Assert.Equal(0.5055m, Number(k, "iroas"));                   // 530.7692 / 1,050
        Assert.Equal(-49.4505m, Number(k, "roi"));                   // (530.7692 − 1,050) / 1,050 × 100
        Assert.Equal(7.8182m, Number(k, "err"));                     // (120 + 230 + 50 + 30) / 5,500 × 100
        Assert.Equal(0.30m, Number(k, "lift"));
        Assert.Equal(2.4419m, Number(k, "cpe"));                     // 1,050 / 430 engagements
        Assert.Equal(190.9091m, Number(k, "cpm"));                   // 1,050 / 5,500 reach × 1,000
        Assert.Equal(575m, Number(k, "aov"));                        // 2,300 / 4 conversions
    }

    [Fact]
    public async Task Declared_cost_uses_total_payout_from_the_payouts_file()
    {
        var k = await KpisAsync(await app.AdminAsync(), "?cost=declared");

        Assert.Equal("declared", k.GetProperty("costBasis").GetString());
        Assert.Equal(620m, Number(k, "payout"));                     // 120 + 500
        Assert.Equal(3.7097m, Number(k, "roas"));                    // 2,300 / 620
        Assert.Equal(0.8561m, Number(k, "iroas"));                   // 530.7692 / 620
    }

    [Fact]
    public async Task An_unknown_cost_basis_is_a_clear_400()
    {
        var response = await (await app.AdminAsync()).GetAsync("/api/kpis?cost=guessed");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("earned", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_brand_manager_sees_only_their_brand_with_payout_allocated_by_revenue()
    {
        var k = await KpisAsync(await app.BrandManagerAsync("mb@test.local", "MuscleBlaze"));

        Assert.Equal(1_600m, Number(k, "revenue"));                  // 1,000 (A1) + 600 (B2)
        Assert.Equal(3, k.GetProperty("orders").GetInt64());
        Assert.Equal(620m, Number(k, "payout"));                     // A1: 10 × 2; B2: 1,000 × 600 / 1,000
        Assert.Equal(8m, Number(k, "err"));                          // posts of A1 and B2: 400 / 5,000
    }

    [Fact]
    public async Task Brand_payouts_add_up_to_the_company_payout()
    {
        var muscleBlaze = await KpisAsync(await app.BrandManagerAsync("mb2@test.local", "MuscleBlaze"), "?cost=declared");
        var hkVitals = await KpisAsync(await app.BrandManagerAsync("hk@test.local", "HKVitals"), "?cost=declared");

        // A1: 120 × 1,000/1,300 + 120 × 300/1,300; B2: 500 × 600/1,000 + 500 × 400/1,000
        Assert.Equal(620m, decimal.Round(Number(muscleBlaze, "payout", 2) + Number(hkVitals, "payout", 2), 0));
        Assert.Equal(700m, Number(hkVitals, "revenue"));
    }

    [Fact]
    public async Task A_brand_manager_without_brands_sees_nothing()
    {
        var k = await KpisAsync(await app.BrandManagerAsync("none@test.local"));
        Assert.Equal(0m, Number(k, "revenue"));
        Assert.Equal(JsonValueKind.Null, k.GetProperty("roas").ValueKind);
        Assert.Equal(JsonValueKind.Null, k.GetProperty("err").ValueKind);
    }

    [Fact]
    public async Task The_overview_page_shows_the_same_numbers()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/");
        Assert.Contains("₹2,300.00", html);
        Assert.Contains("₹1,050.00", html);
        Assert.Contains("7.82%", html);
        Assert.Contains("id=\"revenue-chart\"", html);
        Assert.Matches("<td>MuscleBlaze</td><td class=\"text-end\">₹1,600.00</td>", html);   // revenue by brand, as a table
        Assert.Matches("<td>YouTube</td><td class=\"text-end\">₹1,000.00</td>", html);       // B2's primary platform
    }
}

using System.Net.Http.Json;
using System.Text.Json;

namespace CampaignTracker.Tests.Integration;

/// <summary>The payouts page and /api/payouts on the hand-made data set (figures by hand in each test).</summary>
[Collection(AppCollection.Name)]
public class PayoutsTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    async Task<JsonElement> PayoutsAsync(string query = "", HttpClient? client = null) =>
        await (client ?? await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/payouts" + query);

    static decimal N(JsonElement e, string name) => decimal.Round(e.GetProperty(name).GetDecimal(), 2);

    [Fact]
    public async Task Whole_contracts_reconcile_earned_against_declared()
    {
        var payouts = await PayoutsAsync();
        var rows = payouts.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("influencerId").GetString()!);

        Assert.True(payouts.GetProperty("wholeContracts").GetBoolean());
        Assert.Equal(["A1", "B2"], rows.Keys.Order());                                  // Chitra has no payout row
        var asha = rows["A1"];
        Assert.Equal((12, 5L, 120m, 50m, 70m), (asha.GetProperty("declaredOrders").GetInt32(), asha.GetProperty("trackedOrders").GetInt64(),
            N(asha, "declared"), N(asha, "earned"), N(asha, "difference")));            // 10 × 5 tracked orders
        Assert.True(asha.GetProperty("flagged").GetBoolean());
        var bala = rows["B2"];
        Assert.Equal((2L, 500m, 1_000m, -500m), (bala.GetProperty("posts").GetInt64(), N(bala, "declared"), N(bala, "earned"), N(bala, "difference")));   // 500 × 2 posts
        Assert.Equal("Pending", bala.GetProperty("status").GetString());
        var totals = payouts.GetProperty("totals");
        Assert.Equal((620m, 1_050m, -430m, 2), (N(totals, "declared"), N(totals, "earned"), N(totals, "difference"), totals.GetProperty("flagged").GetInt32()));
    }

    [Fact]
    public async Task A_brand_manager_sees_the_payouts_allocated_to_their_brands()
    {
        var payouts = await PayoutsAsync("", await app.BrandManagerAsync("hk-payouts@test.local", "HKVitals"));
        var rows = payouts.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("influencerId").GetString()!);

        Assert.False(payouts.GetProperty("wholeContracts").GetBoolean());
        Assert.Equal((30m, 27.69m), (N(rows["A1"], "earned"), N(rows["A1"], "declared")));      // 10 × 3 Biotin orders; 120 × 300 / 1,300
        Assert.Equal((400m, 200m), (N(rows["B2"], "earned"), N(rows["B2"], "declared")));       // 1,000 and 500 × 400 / 1,000
        Assert.Equal(JsonValueKind.Null, rows["A1"].GetProperty("declaredOrders").ValueKind);   // a contract figure: whole contracts only
    }

    [Fact]
    public async Task The_payouts_page_has_a_totals_row_and_flags()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Payouts");

        Assert.Contains("id=\"payout-totals\"", html);
        Assert.Contains("₹620.00", html);
        Assert.Contains("⚑ check", html);
        Assert.Contains("href=\"/Payouts?handler=Csv\"", html);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CampaignTracker.Tests.Integration;

/// <summary>/api/insights and the Insights page on the hand-made data set (figures by hand in each test).</summary>
[Collection(AppCollection.Name)]
public class InsightsTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    async Task<JsonElement> InsightsAsync(string query = "", HttpClient? client = null) =>
        await (client ?? await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/insights" + query);

    static decimal N(JsonElement e, string name) => decimal.Round(e.GetProperty(name).GetDecimal(), 4);

    static string[] Names(JsonElement list) => [.. list.EnumerateArray().Select(r => r.GetProperty("name").GetString()!)];

    [Fact]
    public async Task Top_lists_rank_by_revenue_and_err()
    {
        var insights = await InsightsAsync();

        Assert.Equal(["Asha Rao", "Bala Iyer"], Names(insights.GetProperty("topByRevenue")));              // 1,300; 1,000; Chitra sold nothing
        Assert.Equal(["Asha Rao", "Bala Iyer", "Chitra N"], Names(insights.GetProperty("topByErr")));     // 120/1,000 = 12%; 280/4,000 = 7%; 30/500 = 6%
        Assert.Equal(7m, N(insights.GetProperty("topByErr")[1], "err"));
    }

    [Fact]
    public async Task Top_by_iroas_admits_only_influencers_above_the_minimum_payout_and_orders()
    {
        Assert.Empty(Names((await InsightsAsync()).GetProperty("topByIroas")));   // default ₹1,000 and 10 orders: Asha ₹50, Bala 5 orders

        var loose = await InsightsAsync("?minPayout=0&minOrders=1");
        Assert.Equal(["Asha Rao", "Bala Iyer"], Names(loose.GetProperty("topByIroas")));   // Chitra: no orders
        Assert.Equal(6m, N(loose.GetProperty("topByIroas")[0], "iroas"));                  // (1,300 − 1,000) / 50
        Assert.Equal(0m, N(loose.GetProperty("iroasRule"), "minPayout"));
    }

    [Fact]
    public async Task Poor_roi_lists_influencers_and_campaigns_below_iroas_one_with_the_money_lost()
    {
        var insights = await InsightsAsync();

        var poor = insights.GetProperty("poorInfluencers");
        Assert.Equal(["Bala Iyer"], Names(poor));
        Assert.Equal(769.2308m, N(poor[0], "moneyLost"));   // 1,000 − (1,000 − 1,000 / 1.3)
        var campaigns = insights.GetProperty("poorCampaigns");
        Assert.Equal(["Campaign_2"], campaigns.EnumerateArray().Select(c => c.GetProperty("campaign").GetString()));
        Assert.Equal(769.2308m, N(campaigns[0], "moneyLost"));
    }

    [Fact]
    public async Task Break_even_lift_is_given_for_the_view_and_each_campaign()
    {
        var breakEven = (await InsightsAsync()).GetProperty("breakEven");

        Assert.Equal(0.84m, N(breakEven.GetProperty("slice"), "breakEvenLift"));   // 1,050 / (2,300 − 1,050)
        var campaigns = breakEven.GetProperty("campaigns");
        Assert.Equal(0.04m, N(campaigns[0], "breakEvenLift"));                      // Campaign_1: 50 / (1,300 − 50)
        Assert.Equal(JsonValueKind.Null, campaigns[1].GetProperty("breakEvenLift").ValueKind);   // Campaign_2: revenue = payout
    }

    [Fact]
    public async Task The_what_if_lift_recomputes_iroas_and_the_break_even_lift_gives_iroas_one()
    {
        var insights = await InsightsAsync("?lift=84");

        Assert.Equal(0.84m, N(insights, "lift"));
        Assert.Equal(1m, N(insights.GetProperty("breakEven").GetProperty("slice"), "iroas"));   // 2,300 − 2,300 / 1.84 = 1,050 = payout
        Assert.Equal(0.3m, N(await InsightsAsync(), "lift"));   // the setting is untouched
    }

    [Fact]
    public async Task A_brand_manager_sees_insights_of_their_brand_only()
    {
        var insights = await InsightsAsync("", await app.BrandManagerAsync("hk-insights@test.local", "HKVitals"));

        var top = insights.GetProperty("topByRevenue");
        Assert.Equal(["Bala Iyer", "Asha Rao"], Names(top));   // HKVitals: Bala 400, Asha 300
        Assert.Equal([400m, 300m], top.EnumerateArray().Select(r => N(r, "revenue")));
    }

    [Fact]
    public async Task Bad_what_if_values_are_refused_with_a_reason()
    {
        var response = await (await app.AdminAsync()).GetAsync("/api/insights?lift=-5");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lift", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_insights_page_shows_the_lists_the_scatter_and_the_what_if_control()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Insights?lift=84&platform=YouTube");

        Assert.Contains("id=\"err-iroas-chart\"", html);
        Assert.Contains("name=\"lift\"", html);
        Assert.Contains("<input type=\"hidden\" name=\"platform\" value=\"YouTube\" />", html);   // the what-if keeps the filters
        Assert.Contains("Bala Iyer", html);
        Assert.DoesNotContain("Asha Rao", html);                                                   // Instagram
    }
}

using System.Net;

namespace CampaignTracker.Tests.Integration;

/// <summary>The influencer detail page on the hand-made data set.</summary>
[Collection(AppCollection.Name)]
public class InfluencerDetailTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    [Fact]
    public async Task Shows_sales_products_posts_with_err_and_the_reconciliation()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Influencers/Details?id=A1");

        Assert.Contains("Asha Rao", html);
        Assert.Contains("₹1,300.00", html);                       // revenue: 1,000 + 300
        Assert.Contains("Whey Protein (MuscleBlaze)", html);
        Assert.Contains("Biotin (HKVitals)", html);
        Assert.Contains("12.00%", html);                          // the post: 120 / 1,000
        Assert.Contains("id=\"reconciliation\"", html);
        Assert.Contains("₹50.00", html);                          // earned 10 × 5 tracked orders; declared 120
        Assert.Contains("₹70.00 ⚑ check", html);                  // 120 − 50: above ₹1 and 1%
    }

    [Fact]
    public async Task Filters_apply_to_the_detail()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Influencers/Details?id=A1&brand=HKVitals");

        Assert.Contains("Biotin (HKVitals)", html);
        Assert.DoesNotContain("Whey Protein (MuscleBlaze)", html);
    }

    [Fact]
    public async Task A_brand_manager_sees_only_their_brands_and_no_contract()
    {
        var client = await app.BrandManagerAsync("hk-detail@test.local", "HKVitals");
        var html = await client.GetStringAsync("/Influencers/Details?id=A1");

        Assert.Contains("Biotin (HKVitals)", html);
        Assert.DoesNotContain("Whey Protein", html);
        Assert.DoesNotContain("id=\"reconciliation\"", html);
        Assert.Contains("Payout allocated to your brands in this view: <strong>₹30.00</strong>", html);   // 10 × 3 Biotin orders
    }

    [Fact]
    public async Task An_influencer_without_sales_of_the_managers_brands_is_not_found_like_an_unknown_one()
    {
        var client = await app.BrandManagerAsync("mb-detail@test.local", "Gritzo");

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Influencers/Details?id=A1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Influencers/Details?id=NOPE")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.AdminAsync()).GetAsync("/Influencers/Details?id=NOPE")).StatusCode);
    }
}

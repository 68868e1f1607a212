using CampaignTracker.Web.Data;
using CampaignTracker.Web.Payouts;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Tests.Payouts;

public class PayoutRunLinesTests
{
    // Rows as PayoutsQuery gives them for a period: earned already computed by the payouts page's rules.
    static PayoutRow Row(int id, PayoutBasis basis, decimal rate, long orders, long posts, decimal earned) =>
        new(id, $"I{id}", $"Influencer {id}", basis, rate, null, orders, posts, Declared: 0m, earned, Whole: false);

    [Fact]
    public void An_order_basis_line_pays_rate_times_orders_and_compares_with_the_whole_declared_amount()
    {
        // 12.5 × 8 orders = 100 earned; the file declares 120 for the whole contract → 20 more declared, beyond ₹1 and 1%
        var line = Assert.Single(PayoutRunLines.From([Row(1, PayoutBasis.Order, 12.5m, 8, 3, 100m)], new Dictionary<int, decimal> { [1] = 120m }));

        Assert.Equal((PayoutBasis.Order, 12.5m, 8L, 3L), (line.Basis, line.Rate, line.Orders, line.Posts));
        Assert.Equal((100m, 120m, 20m, 100m), (line.Earned, line.Declared, line.Difference, line.Amount));
        Assert.True(line.BeyondTolerance);
        Assert.True(line.MustBeTicked);
    }

    [Fact]
    public void A_post_basis_line_within_tolerance_needs_no_tick()
    {
        // 500 × 2 posts = 1,000 earned; declared 1,009: ₹9 but 0.9% → within tolerance
        var line = Assert.Single(PayoutRunLines.From([Row(2, PayoutBasis.Post, 500m, 0, 2, 1_000m)], new Dictionary<int, decimal> { [2] = 1_009m }));

        Assert.Equal((1_000m, 9m, 1_000m), (line.Earned, line.Difference, line.Amount));
        Assert.False(line.MustBeTicked);
    }

    [Fact]
    public void Influencers_without_activity_in_the_period_get_no_line_and_a_missing_declared_amount_stays_empty()
    {
        var lines = PayoutRunLines.From([Row(1, PayoutBasis.Order, 10m, 0, 0, 0m), Row(2, PayoutBasis.Post, 500m, 4, 1, 500m)],
            new Dictionary<int, decimal>());

        var line = Assert.Single(lines);
        Assert.Equal(2, line.InfluencerId);
        Assert.Null(line.Declared);
        Assert.Null(line.Difference);
        Assert.False(line.BeyondTolerance);
    }

    [Fact]
    public void An_override_needs_a_reason_and_must_then_be_ticked()
    {
        var line = PayoutRunLines.From([Row(1, PayoutBasis.Order, 10m, 5, 0, 50m)], new Dictionary<int, decimal> { [1] = 50m })[0];

        Assert.Equal("An amount other than the earned one needs a reason.", PayoutRunLines.Override(line, 60m, " "));
        Assert.Equal((50m, false), (line.Amount, line.MustBeTicked));   // refused: unchanged

        Assert.Null(PayoutRunLines.Override(line, 60m, " minimum fee "));
        Assert.Equal((60m, "minimum fee", 50m, true), (line.Amount, line.OverrideReason, line.Earned, line.MustBeTicked));

        Assert.Null(PayoutRunLines.Override(line, 50m, null));   // back to earned: no longer an override
        Assert.Equal((50m, null, false), (line.Amount, line.OverrideReason, line.MustBeTicked));
    }

    [Theory]
    [InlineData(-1, "The amount to pay cannot be negative.")]
    [InlineData(10.005, "The amount to pay has at most 2 decimal places.")]
    public void An_override_amount_is_money(decimal amount, string refusal)
    {
        var line = new PayoutRunLine { Earned = 50m, Amount = 50m };

        Assert.Equal(refusal, PayoutRunLines.Override(line, amount, "reason"));
    }
}

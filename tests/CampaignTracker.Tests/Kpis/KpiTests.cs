using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Tests.Kpis;

public class KpiTests
{
    [Fact]
    public void Break_even_lift_is_the_lift_at_which_iroas_is_one()
    {
        // 3,000 / (13,000 − 3,000) = 0.3; at lift 0.3: incremental 13,000 − 10,000 = 3,000 = payout
        Assert.Equal(0.3m, Kpi.BreakEvenLift(revenue: 13_000m, payout: 3_000m));
        Assert.Equal(1m, Kpi.Iroas(revenue: 13_000m, payout: 3_000m, lift: 0.3m));
    }

    [Theory]
    [InlineData(1_000, 0)]        // nothing paid: iROAS undefined at any lift
    [InlineData(1_000, 1_000)]    // revenue = payout: incremental revenue stays below it
    [InlineData(500, 1_000)]
    public void Break_even_lift_is_undefined_when_no_lift_reaches_it(int revenue, int payout) =>
        Assert.Null(Kpi.BreakEvenLift(revenue, payout));

    [Fact]
    public void Money_lost_is_payout_above_incremental_revenue() =>
        // incremental 13,000 − 10,000 = 3,000; payout 5,000 → 2,000 lost
        Assert.Equal(2_000m, Kpi.MoneyLost(revenue: 13_000m, payout: 5_000m, lift: 0.3m));

    [Fact]
    public void Roas_is_revenue_per_rupee_paid() =>
        // 13,000 / 2,600 = 5
        Assert.Equal(5m, Kpi.Roas(revenue: 13_000m, payout: 2_600m));

    [Fact]
    public void Roas_is_undefined_when_nothing_was_paid() =>
        Assert.Null(Kpi.Roas(revenue: 500m, payout: 0m));

    [Fact]
    public void Baseline_revenue_removes_the_lift() =>
        // 13,000 / 1.3 = 10,000
        Assert.Equal(10_000m, Kpi.BaselineRevenue(13_000m, lift: 0.30m));

    [Fact]
    public void Incremental_revenue_is_revenue_above_the_baseline() =>
        Assert.Equal(3_000m, Kpi.IncrementalRevenue(13_000m, lift: 0.30m));

    [Fact]
    public void Iroas_counts_only_revenue_above_the_baseline() =>
        // 13,000 / 1.3 = 10,000 baseline; 3,000 incremental / 1,500 payout = 2
        Assert.Equal(2m, Kpi.Iroas(revenue: 13_000m, payout: 1_500m, lift: 0.30m));

    [Fact]
    public void Iroas_is_undefined_without_payout() =>
        Assert.Null(Kpi.Iroas(revenue: 13_000m, payout: 0m, lift: 0.30m));

    [Fact]
    public void Roi_is_incremental_profit_over_payout_in_percent() =>
        // (3,000 − 2,000) / 2,000 × 100 = 50 %
        Assert.Equal(50m, Kpi.RoiPercent(revenue: 13_000m, payout: 2_000m, lift: 0.30m));

    [Fact]
    public void Roi_is_negative_when_incremental_revenue_does_not_cover_payout() =>
        // (3,000 − 6,000) / 6,000 × 100 = −50 %
        Assert.Equal(-50m, Kpi.RoiPercent(revenue: 13_000m, payout: 6_000m, lift: 0.30m));

    [Fact]
    public void Roi_is_undefined_without_payout() =>
        Assert.Null(Kpi.RoiPercent(revenue: 13_000m, payout: 0m, lift: 0.30m));

    [Fact]
    public void Err_is_engagements_over_reach_in_percent() =>
        // (150 + 50) / 1,000 × 100 = 20 %
        Assert.Equal(20m, Kpi.ErrPercent(engagements: 150 + 50, reach: 1_000));

    [Fact]
    public void Err_is_undefined_without_reach() =>
        Assert.Null(Kpi.ErrPercent(engagements: 10, reach: 0));

    [Fact]
    public void Aov_cpe_cpm_cpa_divide_by_their_own_counts()
    {
        Assert.Equal(250m, Kpi.Aov(revenue: 1_000m, conversions: 4));
        Assert.Equal(0.5m, Kpi.Cpe(payout: 100m, engagements: 200));
        Assert.Equal(20m, Kpi.Cpm(payout: 100m, reach: 5_000));
        Assert.Equal(12.5m, Kpi.Cpa(payout: 100m, orders: 8));
    }

    [Fact]
    public void Ratios_with_zero_denominators_are_undefined_not_zero()
    {
        Assert.Null(Kpi.Aov(1_000m, 0));
        Assert.Null(Kpi.Cpe(100m, 0));
        Assert.Null(Kpi.Cpm(100m, 0));
        Assert.Null(Kpi.Cpa(100m, 0));
    }

    [Fact]
    public void A_lift_of_zero_leaves_no_incremental_revenue() =>
        Assert.Equal(0m, Kpi.Iroas(revenue: 13_000m, payout: 1_000m, lift: 0m));
}

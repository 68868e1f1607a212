using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Tests.Kpis;

public class PayoutAllocationTests
{
    [Fact]
    public void A_slice_gets_the_payout_in_proportion_to_its_revenue() =>
        // 300 of 1,200 revenue → a quarter of 800
        Assert.Equal(200m, PayoutAllocation.Share(cost: 800m, sliceRevenue: 300m, totalRevenue: 1_200m));

    [Fact]
    public void Shares_of_all_slices_add_up_to_the_payout()
    {
        decimal[] revenueByBrand = [100m, 250m, 650m];
        var shares = revenueByBrand.Select(r => PayoutAllocation.Share(999.99m, r, revenueByBrand.Sum()));
        Assert.Equal(999.99m, decimal.Round(shares.Sum(), 2));
    }

    [Fact]
    public void An_influencer_without_revenue_allocates_nothing() =>
        Assert.Equal(0m, PayoutAllocation.Share(cost: 500m, sliceRevenue: 0m, totalRevenue: 0m));

    [Fact]
    public void Money_units_round_trip_exactly()
    {
        Assert.Equal(34_4000L, Money.ToUnits(34.4m));
        Assert.Equal(1_272.8m, Money.FromUnits(Money.ToUnits(34.4m) * 37));
        Assert.Equal(0.0001m, Money.FromUnits(1));
    }

    [Fact]
    public void The_rate_per_revenue_unit_gives_the_same_shares()
    {
        // 500 payout over ₹1,300 of revenue (13,000,000 units): ₹300 of it carries 500 × 300 / 1,300 = 115.3846…
        var rate = PayoutAllocation.PerRevenueUnit(500m, Money.ToUnits(1_300m));
        Assert.Equal(decimal.Round(PayoutAllocation.Share(500m, 300m, 1_300m), 20), decimal.Round(Money.ToUnits(300m) * rate, 20));
        Assert.Equal(500m, decimal.Round(Money.ToUnits(300m) * rate + Money.ToUnits(1_000m) * rate, 20));
        Assert.Equal(0m, PayoutAllocation.PerRevenueUnit(500m, 0));
    }
}

using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Tests.Reporting;

public class FixedRatesTests
{
    [Fact]
    public void Sums_of_counts_times_rates_come_back_in_rupees()
    {
        // ₹500 over ₹1,300 of revenue (13,000,000 units) per unit, and ₹37.25 per post.
        var rates = new FixedRates([PayoutAllocation.PerRevenueUnit(500m, Money.ToUnits(1_300m)), 37.25m, 0m]);
        var sum = rates.Times(Money.ToUnits(300m), 0) + rates.Times(Money.ToUnits(1_000m), 0);   // all of the revenue: all of the ₹500
        Assert.Equal(500m, decimal.Round(FixedRates.ToRupees(sum), 12));
        Assert.Equal(115.384615384615m, decimal.Round(FixedRates.ToRupees(rates.Times(Money.ToUnits(300m), 0)), 12));   // 500 × 300 / 1,300
        Assert.Equal(372.5m, FixedRates.ToRupees(rates.Times(10, 1)));
        Assert.True(rates.IsZero(2));
        Assert.False(rates.IsZero(1));
    }

    [Fact]
    public void Millions_of_rows_lose_less_than_a_paisa()
    {
        // 2 million posts at ₹0.333… each (₹1 over 3 posts): the exact total is 666,666.67 to paise.
        var rates = new FixedRates([1m / 3]);
        Int128 sum = 0;
        for (var i = 0; i < 2_000_000; i++) sum += rates.Times(1, 0);
        Assert.Equal(666_666.67m, decimal.Round(FixedRates.ToRupees(sum), 2));
        Assert.Equal(-372.5m, FixedRates.ToRupees(new FixedRates([-37.25m]).Times(10, 0)));
    }
}

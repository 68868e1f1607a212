using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Tests.Reporting;

public class BatchSalesTests
{
    static readonly DateOnly July1 = new(2025, 7, 1), July2 = new(2025, 7, 2);

    [Fact]
    public void Rows_of_one_grain_are_summed_and_grains_come_in_date_order()
    {
        var sales = new BatchSales();
        sales.Add(July2, influencerId: 5, brandId: 1, productId: 10, "Campaign_1", orders: 2, revenue: 100.25m);
        sales.Add(July1, influencerId: 7, brandId: 1, productId: 10, "Campaign_1", orders: 1, revenue: 10m);
        sales.Add(July2, influencerId: 5, brandId: 1, productId: 10, "Campaign_1", orders: 3, revenue: 0.50m);
        sales.Add(July2, influencerId: 5, brandId: 1, productId: 10, "campaign_1", orders: 1, revenue: 1m);   // another campaign: text is compared as is
        sales.Add(July2, influencerId: 5, brandId: 2, productId: 11, "Campaign_1", orders: 4, revenue: 40m);

        Assert.Equal(
        [
            new SalesGrain(July1, 7, 1, 10, "Campaign_1", Orders: 1, Conversions: 1, RevenueUnits: 100_000),
            new SalesGrain(July2, 5, 1, 10, "Campaign_1", Orders: 5, Conversions: 2, RevenueUnits: 1_007_500),   // 100.25 + 0.50 = 100.75
            new SalesGrain(July2, 5, 1, 10, "campaign_1", Orders: 1, Conversions: 1, RevenueUnits: 10_000),
            new SalesGrain(July2, 5, 2, 11, "Campaign_1", Orders: 4, Conversions: 1, RevenueUnits: 400_000),
        ], sales.Grains().ToList());
    }

    [Fact]
    public void A_batch_beyond_its_limit_is_not_kept()
    {
        var sales = new BatchSales(maxRows: 2);
        sales.Add(July1, 1, 1, 1, "C", 1, 1m);
        sales.Add(July1, 2, 1, 1, "C", 1, 1m);
        Assert.True(sales.Kept);
        sales.Add(July1, 3, 1, 1, "C", 1, 1m);
        Assert.False(sales.Kept);
        Assert.Throws<InvalidOperationException>(() => sales.Grains().ToList());
    }
}

using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Tests.Kpis;

public class ReconciliationTests
{
    [Fact]
    public void Order_basis_earns_rate_times_tracked_orders() =>
        // 12.5 × 8 = 100; declared 120 → 20 more declared than earned
        Assert.Equal((100m, 20m), (Reconciliation.Of(true, 12.5m, 8, 99, 120m).Earned, Reconciliation.Of(true, 12.5m, 8, 99, 120m).Difference));

    [Fact]
    public void Post_basis_earns_rate_times_posts() =>
        Assert.Equal(1_500m, Reconciliation.Of(false, 500m, 99, 3, 0m).Earned);

    [Theory]
    [InlineData(1_000, 1_009, false)]   // ₹9 but 0.9%
    [InlineData(1_000, 1_011, true)]    // ₹11 and 1.1%
    [InlineData(50, 51, false)]         // 2% but exactly ₹1
    [InlineData(50, 51.5, true)]        // ₹1.50 and 3%
    [InlineData(0, 5, true)]            // nothing earned, ₹5 declared
    [InlineData(0, 0.5, false)]
    [InlineData(1_000, 980, true)]      // declared below earned counts too
    public void A_difference_is_flagged_above_one_rupee_and_one_percent(decimal earned, decimal declared, bool flagged) =>
        Assert.Equal(flagged, new Reconciliation(earned, declared).Flagged);
}

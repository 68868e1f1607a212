namespace CampaignTracker.Web.Kpis;

/// <summary>
/// DESIGN.md, Payout. Costs that have no brand of their own (post-basis earned cost, declared
/// total_payout) are spread over a slice in proportion to the influencer's tracked revenue in it,
/// so brand totals add up to the company total and nothing is counted twice.
/// </summary>
public static class PayoutAllocation
{
    /// <summary>The part of <paramref name="cost"/> that belongs to a slice holding <paramref name="sliceRevenue"/>
    /// of the influencer's <paramref name="totalRevenue"/>. An influencer without revenue allocates nothing.</summary>
    public static decimal Share(decimal cost, decimal sliceRevenue, decimal totalRevenue) =>
        totalRevenue == 0 ? 0 : cost * sliceRevenue / totalRevenue;

    /// <summary>
    /// The same rule as a rate: the cost of one unit (1/10,000 rupee, Money) of the influencer's revenue, so a slice's
    /// share is its revenue units × this rate: one multiplication per part where millions of parts are summed.
    /// </summary>
    public static decimal PerRevenueUnit(decimal cost, long totalRevenueUnits) =>
        totalRevenueUnits == 0 ? 0 : cost / totalRevenueUnits;
}

/// <summary>Which payout the ratios use: earned from tracked activity, or declared in the payouts file.</summary>
public enum CostBasis { Earned, Declared }

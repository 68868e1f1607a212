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
}

/// <summary>Which payout the ratios use: earned from tracked activity, or declared in the payouts file.</summary>
public enum CostBasis { Earned, Declared }

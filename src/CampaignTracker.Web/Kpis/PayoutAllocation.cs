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

    /// <summary>Significant digits of <see cref="ForPlacement"/>.</summary>
    public const int PlacementDigits = 12;

    /// <summary>
    /// A rate to place payout on days of a chart: <paramref name="rate"/> to <see cref="PlacementDigits"/> significant
    /// digits. A quotient carries 28, which sends each of millions of multiplications down decimal's slow rounding
    /// path; with 12 the product is exact and 2.5× quicker, and a day of ₹10 crore moves by less than ₹0.001.
    /// Totals (cards, tables) keep the exact rate.
    /// </summary>
    public static decimal ForPlacement(decimal rate)
    {
        if (rate == 0) return 0;
        var magnitude = (int)Math.Floor(Math.Log10((double)Math.Abs(rate)));
        return decimal.Round(rate, Math.Clamp(PlacementDigits - 1 - magnitude, 0, 28));
    }
}

/// <summary>Which payout the ratios use: earned from tracked activity, or declared in the payouts file.</summary>
public enum CostBasis { Earned, Declared }

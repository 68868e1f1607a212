namespace CampaignTracker.Web.Kpis;

/// <summary>
/// DESIGN.md, Reconciliation: what an influencer's contract earns on our own data (rate × tracked orders for
/// order basis, rate × posts for post basis) against the total_payout the payouts file declares.
/// </summary>
public sealed record Reconciliation(decimal Earned, decimal Declared)
{
    /// <summary>Above ₹1 and above 1% of earned (issue 5: "off by more than ₹1 and 1%").</summary>
    public const decimal ToleranceRupees = 1m;
    public const decimal TolerancePercent = 1m;

    public static Reconciliation Of(bool orderBasis, decimal rate, long trackedOrders, long posts, decimal declared) =>
        new(rate * (orderBasis ? trackedOrders : posts), declared);

    /// <summary>Declared − earned: positive when the file says more was paid than the data earns.</summary>
    public decimal Difference => Declared - Earned;

    public bool Flagged =>
        Math.Abs(Difference) > ToleranceRupees && (Earned == 0 || Math.Abs(Difference) * 100 > TolerancePercent * Math.Abs(Earned));
}

using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Payouts;

/// <summary>
/// Issue 15: a run's lines from the payouts page's rows for the same period and brand (PayoutsQuery, earned cost, all brands
/// in scope), so a run pays what that page shows: order basis rate × orders in the period, post basis rate × posts in it
/// (shared by revenue when the run has a brand). Pure: the caller brings the rows and the declared amounts.
/// </summary>
public static class PayoutRunLines
{
    /// <param name="declared">Each influencer's total_payout from the payouts file: the contract's whole declared amount,
    /// since the file has no dates. It is shown beside the period's earned amount, not cut to the period.</param>
    public static List<PayoutRunLine> From(IEnumerable<PayoutRow> rows, IReadOnlyDictionary<int, decimal> declared) =>
        rows.Where(r => r.Earned > 0 || r.TrackedOrders > 0 || r.Posts > 0)   // the page lists contracts without activity too
            .Select(r =>
            {
                decimal? contract = declared.TryGetValue(r.Id, out var d) ? d : null;
                return new PayoutRunLine
                {
                    InfluencerId = r.Id, Basis = r.Basis, Rate = r.Rate, Orders = r.TrackedOrders, Posts = r.Posts,
                    Earned = r.Earned, Declared = contract, Difference = contract - r.Earned, Amount = r.Earned,
                };
            })
            .ToList();

    /// <summary>
    /// Sets the amount to pay. An amount other than earned is an override and needs a reason (issue 15); earned again
    /// clears it. Returns why it is refused, or null.
    /// </summary>
    public static string? Override(PayoutRunLine line, decimal amount, string? reason)
    {
        if (amount < 0) return "The amount to pay cannot be negative.";
        if (decimal.Round(amount, 2) != amount) return "The amount to pay has at most 2 decimal places.";
        if (amount == line.Earned)
        {
            line.Amount = amount;
            line.OverrideReason = null;
            return null;
        }
        if (string.IsNullOrWhiteSpace(reason)) return "An amount other than the earned one needs a reason.";
        line.Amount = amount;
        line.OverrideReason = reason.Trim();
        line.Ticked = false;   // the approver ticks what they saw, and this changed
        return null;
    }
}

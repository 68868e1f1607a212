using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Payouts;

/// <summary>
/// Where a budget stands on a day (issue 15). Days count whole and inclusive: a period 2025-06-01..2025-06-30 has 30,
/// and on 2025-06-10 ten of them have elapsed (today counts, as today's cost counts as spent). Sum first, divide last;
/// null = undefined ("—").
/// </summary>
/// <param name="Spent">Earned cost in the budget's brand (and campaign) from its first day through today, clamped to the period.</param>
/// <param name="Committed">Σ line amounts of Approved runs counted for the budget (<see cref="Counts"/>); null for a campaign's budget.</param>
/// <param name="Paid">The same of Paid runs.</param>
public sealed record BudgetStatus(decimal Amount, decimal Spent, decimal? Committed, decimal? Paid, int Days, int ElapsedDays)
{
    /// <summary>Amount − spent: negative once overspent.</summary>
    public decimal Remaining => Amount - Spent;

    public decimal ElapsedShare => (decimal)ElapsedDays / Days;

    /// <summary>Spent share ÷ elapsed share = (spent ÷ amount) ÷ (elapsed ÷ days): 1 is on pace, above 1 ahead of it.
    /// Undefined before the period starts.</summary>
    public decimal? Pace => ElapsedDays == 0 || Amount == 0 ? null : Spent * Days / (Amount * ElapsedDays);

    /// <summary>Spent ÷ elapsed share: what the whole period costs at this pace. Undefined before the period starts.</summary>
    public decimal? Projected => ElapsedDays == 0 ? null : Spent * Days / ElapsedDays;

    /// <summary>The warning: the pace projects more than the amount (after the period: spent more than it).</summary>
    public bool Overspend => Projected > Amount;

    public static BudgetStatus Of(decimal amount, DateOnly from, DateOnly to, DateOnly today, decimal spent, decimal? committed, decimal? paid)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        return new(amount, spent, committed, paid, days, Math.Clamp(today.DayNumber - from.DayNumber + 1, 0, days));
    }

    /// <summary>The last day whose cost is spent: today clamped to the period; null before the period starts (nothing spent).</summary>
    public static DateOnly? SpentThrough(DateOnly from, DateOnly to, DateOnly today) =>
        today < from ? null : today > to ? to : today;

    /// <summary>
    /// Whether a run's amounts count against a brand's budget: its period overlaps the budget's and it is of the budget's
    /// brand. A run of all brands is not counted: how much of it is the brand's is unknown (its lines are per influencer, not per brand).
    /// </summary>
    public static bool Counts(Budget budget, DateOnly runFrom, DateOnly runTo, int? runBrandId) =>
        runBrandId == budget.BrandId && runFrom <= budget.To && runTo >= budget.From;
}

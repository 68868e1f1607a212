using CampaignTracker.Web.Data;
using CampaignTracker.Web.Payouts;

namespace CampaignTracker.Tests.Payouts;

/// <summary>Issue 15's budget status against hand-computed values: a ₹3,000 budget for June 2025 (30 days).</summary>
public class BudgetStatusTests
{
    static readonly DateOnly June1 = new(2025, 6, 1), June30 = new(2025, 6, 30);

    static BudgetStatus On(DateOnly today, decimal spent) => BudgetStatus.Of(3_000m, June1, June30, today, spent, committed: 500m, paid: 250m);

    [Fact]
    public void Mid_period_pace_is_the_spent_share_over_the_elapsed_share_and_projects_an_overspend()
    {
        var s = On(new DateOnly(2025, 6, 10), spent: 1_200m);

        Assert.Equal(30, s.Days);
        Assert.Equal(10, s.ElapsedDays);                  // June 1..10, today included
        Assert.Equal(1_800m, s.Remaining);                // 3,000 − 1,200
        Assert.Equal(1.2m, s.Pace);                       // (1,200 / 3,000 = 0.4) / (10 / 30) = 1.2
        Assert.Equal(3_600m, s.Projected);                // 1,200 / (10 / 30)
        Assert.True(s.Overspend);                         // 3,600 > 3,000
        Assert.Equal(500m, s.Committed);
        Assert.Equal(250m, s.Paid);
    }

    [Fact]
    public void Below_pace_gives_no_warning()
    {
        var s = On(new DateOnly(2025, 6, 10), spent: 900m);
        Assert.Equal(0.9m, s.Pace);                       // 0.3 / (1/3)
        Assert.Equal(2_700m, s.Projected);
        Assert.False(s.Overspend);
    }

    [Fact]
    public void Exactly_on_pace_is_no_overspend()
    {
        var s = On(new DateOnly(2025, 6, 10), spent: 1_000m);
        Assert.Equal(1m, s.Pace);
        Assert.Equal(3_000m, s.Projected);
        Assert.False(s.Overspend);                        // projected = amount, not more
    }

    [Fact]
    public void On_the_first_day_one_day_has_elapsed()
    {
        var s = On(June1, spent: 150m);
        Assert.Equal(1, s.ElapsedDays);
        Assert.Equal(1.5m, s.Pace);                       // (150 / 3,000 = 0.05) / (1 / 30)
        Assert.Equal(4_500m, s.Projected);                // 150 × 30
        Assert.True(s.Overspend);
    }

    [Fact]
    public void Before_the_period_starts_nothing_has_elapsed_and_pace_is_undefined()
    {
        var today = new DateOnly(2025, 5, 31);
        Assert.Null(BudgetStatus.SpentThrough(June1, June30, today));   // nothing is spent yet
        var s = On(today, spent: 0m);
        Assert.Equal(0, s.ElapsedDays);
        Assert.Equal(0m, s.ElapsedShare);
        Assert.Null(s.Pace);                              // zero elapsed: undefined, never 0 or infinity
        Assert.Null(s.Projected);
        Assert.False(s.Overspend);
        Assert.Equal(3_000m, s.Remaining);
    }

    [Fact]
    public void After_the_period_ends_the_projection_is_what_was_spent()
    {
        var today = new DateOnly(2025, 7, 5);
        Assert.Equal(June30, BudgetStatus.SpentThrough(June1, June30, today));   // today clamped to the period
        var over = On(today, spent: 3_100m);
        Assert.Equal(30, over.ElapsedDays);
        Assert.Equal(1m, over.ElapsedShare);
        Assert.Equal(3_100m, over.Projected);
        Assert.Equal(-100m, over.Remaining);
        Assert.Equal(3_100m / 3_000m, over.Pace);         // 1.0333…
        Assert.True(over.Overspend);

        var under = On(today, spent: 2_900m);
        Assert.False(under.Overspend);
        Assert.Equal(100m, under.Remaining);
    }

    [Fact]
    public void Today_inside_the_period_is_spent_through_today() =>
        Assert.Equal(new DateOnly(2025, 6, 10), BudgetStatus.SpentThrough(June1, June30, new DateOnly(2025, 6, 10)));

    [Fact]
    public void Runs_of_the_budgets_brand_overlapping_its_period_count_and_runs_of_all_brands_do_not()
    {
        var budget = new Budget { BrandId = 1, From = June1, To = June30, Amount = 3_000m };

        Assert.True(BudgetStatus.Counts(budget, new(2025, 5, 15), new(2025, 6, 14), 1));    // overlaps its first half
        Assert.True(BudgetStatus.Counts(budget, new(2025, 5, 1), June1, 1));                // touches its first day
        Assert.True(BudgetStatus.Counts(budget, June30, new(2025, 7, 31), 1));              // touches its last day
        Assert.False(BudgetStatus.Counts(budget, new(2025, 5, 1), new(2025, 5, 31), 1));    // ends the day before
        Assert.False(BudgetStatus.Counts(budget, new(2025, 7, 1), new(2025, 7, 31), 1));    // starts the day after
        Assert.False(BudgetStatus.Counts(budget, June1, June30, 2));                        // another brand
        Assert.False(BudgetStatus.Counts(budget, June1, June30, null));                     // all brands: the brand's share is unknown
    }
}

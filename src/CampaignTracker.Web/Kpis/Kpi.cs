namespace CampaignTracker.Web.Kpis;

/// <summary>
/// DESIGN.md, Formulas: ratios of sums over the slice, computed once here.
/// null = undefined (denominator 0): "—" on screen, null in JSON, empty in exports.
/// </summary>
public static class Kpi
{
    public const decimal DefaultLift = 0.30m;

    public static decimal? Roas(decimal revenue, decimal payout) => Ratio(revenue, payout);

    /// <summary>Revenue that would have come anyway: revenue ÷ (1 + lift).</summary>
    public static decimal BaselineRevenue(decimal revenue, decimal lift) => revenue / (1 + lift);

    /// <summary>Revenue above the baseline.</summary>
    public static decimal IncrementalRevenue(decimal revenue, decimal lift) => revenue - BaselineRevenue(revenue, lift);

    public static decimal? Iroas(decimal revenue, decimal payout, decimal lift) =>
        Ratio(IncrementalRevenue(revenue, lift), payout);

    /// <summary>(incremental revenue − payout) ÷ payout × 100.</summary>
    public static decimal? RoiPercent(decimal revenue, decimal payout, decimal lift) =>
        Ratio(IncrementalRevenue(revenue, lift) - payout, payout) * 100;

    /// <summary>
    /// The lift at which iROAS = 1: revenue × L ÷ (1 + L) = payout, so L = payout ÷ (revenue − payout).
    /// Undefined when nothing was paid, or when revenue does not exceed payout (no lift below infinity breaks even).
    /// </summary>
    public static decimal? BreakEvenLift(decimal revenue, decimal payout) =>
        payout == 0 || revenue <= payout ? null : payout / (revenue - payout);

    /// <summary>What an iROAS below 1 loses: payout − incremental revenue (negative when it earns).</summary>
    public static decimal MoneyLost(decimal revenue, decimal payout, decimal lift) => payout - IncrementalRevenue(revenue, lift);

    /// <summary>Engagement rate by reach, %: engagements (likes + comments) ÷ reach × 100 (the seed's definition).</summary>
    public static decimal? ErrPercent(long engagements, long reach) => Ratio(engagements, reach) * 100;

    public static decimal? Aov(decimal revenue, long conversions) => Ratio(revenue, conversions);

    public static decimal? Cpe(decimal payout, long engagements) => Ratio(payout, engagements);

    public static decimal? Cpm(decimal payout, long reach) => Ratio(payout, reach) * 1000;

    public static decimal? Cpa(decimal payout, long orders) => Ratio(payout, orders);

    static decimal? Ratio(decimal numerator, decimal denominator) =>
        denominator == 0 ? null : numerator / denominator;
}

using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Pages;

/// <summary>A KPI card: its value and, on hover or focus, the formula and inputs behind it.</summary>
/// <param name="Change">Change against the previous period of the same length, in %; null when there is none.</param>
public sealed record KpiCard(string Label, string Value, string Explanation, decimal? Change = null, string? ChangeNote = null)
{
    /// <summary>The overview's 13 cards, as the page and its PDF show them; with a date range, each with its change.</summary>
    public static IReadOnlyList<KpiCard> Of(Overview data, KpiFilters filters)
    {
        var k = data.Kpis;
        var p = data.Previous;
        var lift = Display.Percent(k.Lift * 100, 0);
        var days = p is null ? 0 : filters.To!.Value.DayNumber - filters.From!.Value.DayNumber + 1;
        var vs = p is null ? null : days == 1 ? "vs the day before" : $"vs the previous {days} days";
        decimal? Ch(Func<OverviewKpis, decimal?> f) => p is null ? null : Reporting.Change.Percent(f(k), f(p));
        var costNote = k.CostBasis == CostBasis.Earned
            ? "Earned payout: order-basis influencers cost rate × tracked orders, post-basis influencers rate × posts."
            : "Declared payout: total_payout from the payouts file.";
        return
        [
            new("Revenue", Display.Rupees(k.Revenue), "Σ revenue of tracked orders", Ch(x => x.Revenue), vs),
            new("Orders", Display.Count(k.Orders), "Σ orders of tracking rows", Ch(x => x.Orders), vs),
            new("Payout", Display.Rupees(k.Payout), costNote, Ch(x => x.Payout), vs),
            new("ROAS", Display.Ratio(k.Roas), $"Revenue ÷ payout = {Display.Rupees(k.Revenue)} ÷ {Display.Rupees(k.Payout)}", Ch(x => x.Roas), vs),
            new("Incremental revenue", Display.Rupees(k.IncrementalRevenue), $"Revenue − revenue ÷ (1 + lift), lift {lift}", Ch(x => x.IncrementalRevenue), vs),
            new("iROAS", Display.Ratio(k.Iroas), $"Incremental revenue ÷ payout = {Display.Rupees(k.IncrementalRevenue)} ÷ {Display.Rupees(k.Payout)}", Ch(x => x.Iroas), vs),
            new("ROI", Display.Percent(k.RoiPercent, 1), "(Incremental revenue − payout) ÷ payout × 100", Ch(x => x.RoiPercent), vs),
            new("ERR", Display.Percent(k.ErrPercent), $"(Likes + comments) ÷ reach × 100 = {Display.Count(k.Engagements)} ÷ {Display.Count(k.Reach)}", Ch(x => x.ErrPercent), vs),
            new("Reach", Display.Count(k.Reach), $"Σ reach of {Display.Count(k.Posts)} posts (post platform and dates of the view)", Ch(x => x.Reach), vs),
            new("Engagements", Display.Count(k.Engagements), "Σ likes + comments of those posts", Ch(x => x.Engagements), vs),
            new("CPE", Display.Rupees2(k.Cpe), $"Payout ÷ engagements = {Display.Rupees(k.Payout)} ÷ {Display.Count(k.Engagements)}", Ch(x => x.Cpe), vs),
            new("CPM", Display.Rupees2(k.Cpm), $"Payout ÷ reach × 1,000 = {Display.Rupees(k.Payout)} ÷ {Display.Count(k.Reach)} × 1,000", Ch(x => x.Cpm), vs),
            new("AOV", Display.Rupees2(k.Aov), $"Revenue ÷ conversions (tracking rows) = {Display.Rupees(k.Revenue)} ÷ {Display.Count(k.Conversions)}", Ch(x => x.Aov), vs),
        ];
    }

    /// <summary>"▲ 12.5% vs the previous 30 days"; "—" when the change is undefined; null without a previous period.</summary>
    public string? ChangeText => ChangeNote is null ? null
        : (Change is { } c ? (c >= 0 ? "▲ " : "▼ ") + Display.Percent(Math.Abs(c), 1) : "—") + " " + ChangeNote;
}

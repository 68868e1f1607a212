using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Web.Reporting;

/// <summary>DESIGN.md, Derived dimensions: a persona is (category, gender, platform, tier).</summary>
public sealed record PersonaRow(
    string Category, string? Gender, string Platform, Tier Tier, int Influencers, decimal Revenue, decimal Payout, long Engagements, long Reach, decimal Lift)
{
    public decimal? Iroas => Kpi.Iroas(Revenue, Payout, Lift);
    public decimal RevenuePerInfluencer => Revenue / Influencers;
    public decimal? ErrPercent => Kpi.ErrPercent(Engagements, Reach);
    public string Name => $"{Category} · {Gender ?? "gender not given"} · {Platform} · {Tier}";
}

/// <summary>The rule for "top by iROAS": a ratio of small numbers is noise, so only influencers paid and selling enough rank.</summary>
public sealed record IroasRule(decimal MinPayout, long MinOrders)
{
    public static readonly IroasRule Default = new(1_000m, 10);

    public bool Admits(InfluencerRow row) => row.Payout >= MinPayout && row.Orders >= MinOrders;
}

public sealed record ScatterPoint(string Id, string Name, decimal Err, decimal Iroas, long Followers);

public sealed record BreakEven(string Name, decimal Revenue, decimal Payout, decimal? Lift);

public sealed record Insights(
    IReadOnlyList<InfluencerRow> TopByRevenue, IReadOnlyList<InfluencerRow> TopByIroas, IReadOnlyList<InfluencerRow> TopByErr,
    IReadOnlyList<PersonaRow> Personas, IReadOnlyList<InfluencerRow> PoorInfluencers, IReadOnlyList<CampaignRow> PoorCampaigns,
    IReadOnlyList<ScatterPoint> Scatter, int ScatterOf, BreakEven Slice, IReadOnlyList<BreakEven> Campaigns, IroasRule Rule, decimal Lift,
    int LeftOut);

/// <summary>
/// DESIGN.md, Insights, from the same influencer and campaign rows as their pages (so the numbers agree). The lift
/// is the view's: the page's what-if control passes another one, which changes only the ratios, never the data.
/// </summary>
public class InsightsQuery(Reports reports)
{
    public const int Top = 10;
    public const int MinPersonaSize = 5;
    public const int MaxScatterPoints = 1_000;

    /// <param name="leaveOut">
    /// Flagged influencers to leave out of the rankings (top lists, personas, poor ROI, scatter: `flagged=exclude`), or null
    /// for all. Its version is part of the cache key, so a changed flag set is seen at once. The view's totals and the
    /// campaigns' break-even keep everyone: they are the money spent, not a ranking.
    /// </param>
    public Task<Insights> RunAsync(ReportView view, IroasRule rule, Alerts.FlagSet? leaveOut, CancellationToken ct) =>
        reports.GetAsync(view, $"insights|{rule.MinPayout}|{rule.MinOrders}|{(leaveOut is null ? "all" : $"unflagged@{leaveOut.Version}")}", cube =>
        {
            IReadOnlyList<InfluencerRow> all = [];
            IReadOnlyList<CampaignRow> campaigns = [];
            Cores.OfProcess.Both(() => all = InfluencersQuery.Rows(reports, cube, view), () => campaigns = CampaignsQuery.Rows(reports, cube, view));
            decimal Lost(decimal revenue, decimal payout) => Kpi.MoneyLost(revenue, payout, view.Lift);
            var revenue = all.Sum(i => i.Revenue);
            var payout = all.Sum(i => i.Payout);
            var influencers = leaveOut is null ? all : all.Where(i => !leaveOut.IsFlagged(i.Id)).ToList();
            // Each row's ratios once: they are decimal divisions, and the lists below filter and sort every row by them.
            var rated = influencers.Select(i => (Row: i, i.Iroas, Err: i.ErrPercent)).ToList();
            var scatter = rated.Where(r => r.Row.Payout > 0 && r.Err is not null && r.Iroas is not null).ToList();
            static int ByName(InfluencerRow a, InfluencerRow b) => string.CompareOrdinal(a.Name, b.Name);
            return new Insights(
                TopByRevenue: RowOrder.Top(influencers.Where(i => i.Revenue > 0), Top, (a, b) => b.Revenue.CompareTo(a.Revenue) is var c && c != 0 ? c : ByName(a, b)),
                TopByIroas: RowOrder.Top(rated.Where(r => rule.Admits(r.Row)), Top, (a, b) => Nullable.Compare(b.Iroas, a.Iroas) is var c && c != 0 ? c : ByName(a.Row, b.Row))
                    .Select(r => r.Row).ToList(),
                TopByErr: RowOrder.Top(rated.Where(r => r.Err is not null), Top, (a, b) => Nullable.Compare(b.Err, a.Err) is var c && c != 0 ? c : ByName(a.Row, b.Row))
                    .Select(r => r.Row).ToList(),
                Personas: Personas(influencers, view.Lift),
                PoorInfluencers: RowOrder.Top(rated.Where(r => r.Iroas < 1).Select(r => (r.Row, Lost: Lost(r.Row.Revenue, r.Row.Payout))), Top,
                        (a, b) => b.Lost.CompareTo(a.Lost) is var c && c != 0 ? c : ByName(a.Row, b.Row))
                    .Select(r => r.Row).ToList(),
                PoorCampaigns: campaigns.Where(c => c.Iroas < 1).OrderByDescending(c => Lost(c.Revenue, c.Payout)).ToList(),
                Scatter: RowOrder.Top(scatter, MaxScatterPoints, (a, b) => b.Row.Payout.CompareTo(a.Row.Payout))
                    .Select(r => new ScatterPoint(r.Row.ExternalId, r.Row.Name, decimal.Round(r.Err!.Value, 2), decimal.Round(r.Iroas!.Value, 3), r.Row.Followers)).ToList(),
                ScatterOf: scatter.Count,
                Slice: new BreakEven("All of the view", revenue, payout, Kpi.BreakEvenLift(revenue, payout)),
                Campaigns: campaigns.OrderBy(c => CampaignOrder.Number(c.Campaign)).ThenBy(c => c.Campaign, StringComparer.Ordinal)
                    .Select(c => new BreakEven(c.Campaign, c.Revenue, c.Payout, Kpi.BreakEvenLift(c.Revenue, c.Payout))).ToList(),
                Rule: rule,
                Lift: view.Lift,
                LeftOut: all.Count - influencers.Count);
        }, ct);

    /// <summary>Personas with at least <see cref="MinPersonaSize"/> influencers, best iROAS first (undefined last).</summary>
    public static IReadOnlyList<PersonaRow> Personas(IEnumerable<InfluencerRow> influencers, decimal lift) =>
        RowOrder.ByRatio(
            influencers.GroupBy(i => (i.Category, i.Gender, i.Platform, i.Tier))
                .Where(g => g.Count() >= MinPersonaSize)
                .Select(g => new PersonaRow(g.Key.Category, g.Key.Gender, g.Key.Platform, g.Key.Tier, g.Count(),
                    g.Sum(i => i.Revenue), g.Sum(i => i.Payout), g.Sum(i => i.Engagements), g.Sum(i => i.Reach), lift)),
            p => p.Iroas, descending: true)
        .ThenByDescending(p => p.Revenue)
        .ToList();
}

/// <summary>The insights page's own query parameters, shared with /api/insights.</summary>
public static class InsightsParameters
{
    public static string? Error(decimal? lift, decimal? minPayout, long? minOrders, string? flagged = null) =>
        lift is < 0 or > 1000 ? "lift is a percentage between 0 and 1000"
        : minPayout is < 0 ? "minPayout cannot be negative"
        : minOrders is < 0 ? "minOrders cannot be negative"
        : flagged is not (null or "" or "include" or "exclude") ? $"flagged must be 'include' or 'exclude', not '{flagged}'"
        : null;

    /// <summary>`flagged=exclude`: influencers flagged by an unresolved alert are left out of the rankings; the default keeps them.</summary>
    public static bool LeavesOutFlagged(string? flagged) => flagged == "exclude";

    public static ReportView WithLift(ReportView view, decimal? liftPercent) =>
        liftPercent is { } percent ? view with { Lift = percent / 100 } : view;

    public static IroasRule Rule(decimal? minPayout, long? minOrders) =>
        new(minPayout ?? IroasRule.Default.MinPayout, minOrders ?? IroasRule.Default.MinOrders);
}

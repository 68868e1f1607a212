using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

public sealed record OverviewKpis(
    decimal Revenue, long Orders, long Conversions, decimal Payout, CostBasis CostBasis, decimal Lift,
    long Reach, long Engagements, long Posts)
{
    public decimal? Roas => Kpi.Roas(Revenue, Payout);
    public decimal IncrementalRevenue => Kpi.IncrementalRevenue(Revenue, Lift);
    public decimal? Iroas => Kpi.Iroas(Revenue, Payout, Lift);
    public decimal? RoiPercent => Kpi.RoiPercent(Revenue, Payout, Lift);
    public decimal? ErrPercent => Kpi.ErrPercent(Engagements, Reach);
    public decimal? Aov => Kpi.Aov(Revenue, Conversions);
    public decimal? Cpe => Kpi.Cpe(Payout, Engagements);
    public decimal? Cpm => Kpi.Cpm(Payout, Reach);
}

public sealed record DailyRevenue(DateOnly Date, decimal Revenue);

/// <param name="Previous">The same view over the period of the same length just before, when the view has a date range.</param>
public sealed record LabelledRevenue(string Label, decimal Revenue);

public sealed record Overview(OverviewKpis Kpis, IReadOnlyList<DailyRevenue> RevenuePerDay, DateTimeOffset? RefreshedAt, OverviewKpis? Previous = null)
{
    public IReadOnlyList<LabelledRevenue> RevenueByBrand { get; init; } = [];
    public IReadOnlyList<LabelledRevenue> RevenueByPlatform { get; init; } = [];
}

/// <summary>Change against the previous period, in %: undefined when either side is undefined or the previous one is 0.</summary>
public static class Change
{
    public static decimal? Percent(decimal? now, decimal? before) =>
        now is { } n && before is { } b && b != 0 ? (n - b) / Math.Abs(b) * 100 : null;
}

/// <summary>The overview's numbers, read from snapshots only.</summary>
public class OverviewQuery(CampaignDbContext db, SettingsStore settings)
{
    public async Task<Overview> RunAsync(BrandScope scope, KpiFilters filters, CostBasis? costBasis, CancellationToken ct)
    {
        var overview = await RunOnceAsync(scope, filters, costBasis, ct);
        return filters.PreviousPeriod() is { } previous
            ? overview with { Previous = (await RunOnceAsync(scope, previous, costBasis, ct)).Kpis }
            : overview;
    }

    async Task<Overview> RunOnceAsync(BrandScope scope, KpiFilters filters, CostBasis? costBasis, CancellationToken ct)
    {
        var basis = costBasis ?? await settings.DefaultCostBasisAsync(ct);
        var lift = await settings.LiftAsync(ct);
        var snapshots = db.SalesDaily.AsNoTracking();
        var slice = scope.Apply(await filters.SalesSliceAsync(snapshots, db, ct));
        var cut = filters.CutsSales || !scope.IsAll;

        var sales = await SlicePayout.ByInfluencerAsync(slice, ct);
        var posts = await filters.Posts(db.PostDaily.AsNoTracking())
            .Where(p => !cut || slice.Any(s => s.InfluencerId == p.InfluencerId))   // DESIGN.md: their posts
            .GroupBy(p => 1)
            .Select(g => new { Posts = g.Sum(p => p.Posts), Reach = g.Sum(p => p.Reach), Engagements = g.Sum(p => p.Likes + p.Comments) })
            .SingleOrDefaultAsync(ct);
        var perDay = await slice.GroupBy(s => s.Date).Select(g => new { Date = g.Key, Units = g.Sum(s => s.RevenueUnits) }).ToListAsync(ct);

        var kpis = new OverviewKpis(
            Revenue: Money.FromUnits(sales.Values.Sum(s => s.RevenueUnits)),
            Orders: sales.Values.Sum(s => s.Orders),
            Conversions: sales.Values.Sum(s => s.Conversions),
            Payout: decimal.Round(await PayoutAsync(sales, filters, cut, basis, ct), 2),
            CostBasis: basis,
            Lift: lift,
            Reach: posts?.Reach ?? 0,
            Engagements: posts?.Engagements ?? 0,
            Posts: posts?.Posts ?? 0);
        var refreshedAt = await db.DataVersions.AsNoTracking().Select(v => (DateTimeOffset?)v.RefreshedAt).SingleOrDefaultAsync(ct);
        var byBrand = await slice.GroupBy(s => s.BrandId).Select(g => new { g.Key, Units = g.Sum(s => s.RevenueUnits) }).ToListAsync(ct);
        var brandNames = await db.Brands.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var byPlatform = await slice.GroupBy(s => s.Platform).Select(g => new { g.Key, Units = g.Sum(s => s.RevenueUnits) }).ToListAsync(ct);
        return new Overview(kpis,
            perDay.OrderBy(d => d.Date).Select(d => new DailyRevenue(d.Date, Money.FromUnits(d.Units))).ToList(),
            refreshedAt)
        {
            RevenueByBrand = byBrand.Select(b => new LabelledRevenue(brandNames.GetValueOrDefault(b.Key, "?"), Money.FromUnits(b.Units))).OrderByDescending(b => b.Revenue).ToList(),
            RevenueByPlatform = byPlatform.Select(p => new LabelledRevenue(p.Key, Money.FromUnits(p.Units))).OrderByDescending(p => p.Revenue).ToList(),
        };
    }

    /// <summary>
    /// DESIGN.md, Payout (<see cref="SlicePayout"/>). When the slice cuts sales (brand, product, campaign, or a
    /// brand manager's scope), costs are spread by revenue share; otherwise every influencer of the chosen kind
    /// counts whole, revenue or not ("unallocated" costs appear only here).
    /// </summary>
    async Task<decimal> PayoutAsync(Dictionary<int, InfluencerSales> slice, KpiFilters filters, bool cut, CostBasis basis, CancellationToken ct)
    {
        var payout = await SlicePayout.LoadAsync(db, filters, basis, cut, ct);
        var dated = filters.From is not null || filters.To is not null;
        if (!cut && basis == CostBasis.Earned)
            return slice.Values.Sum(s => Money.FromUnits(s.OrderCostUnits)) + (await ChosenAsync(filters, payout.Totals.Keys, ct)).Sum(id => payout.PostCost(payout.Totals[id]));
        if (!cut && !dated)
            return (await ChosenAsync(filters, payout.Totals.Keys, ct)).Sum(id => Money.FromUnits(payout.Totals[id].DeclaredUnits));
        return slice.Sum(s => payout.Of(s.Key, s.Value));
    }

    // Influencers whose own dimensions (primary platform, category, tier, gender) pass the filters.
    async Task<IEnumerable<int>> ChosenAsync(KpiFilters filters, IEnumerable<int> ids, CancellationToken ct) =>
        filters.PicksInfluencers
            ? (await db.Influencers.AsNoTracking().ToListAsync(ct)).Where(filters.Picks).Select(i => i.Id).Intersect(ids).ToList()
            : ids;
}

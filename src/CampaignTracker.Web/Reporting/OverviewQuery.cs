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
}

public sealed record DailyRevenue(DateOnly Date, decimal Revenue);

public sealed record Overview(OverviewKpis Kpis, IReadOnlyList<DailyRevenue> RevenuePerDay, DateTimeOffset? RefreshedAt);

/// <summary>The overview's numbers, read from snapshots only.</summary>
public class OverviewQuery(CampaignDbContext db, SettingsStore settings)
{
    public async Task<Overview> RunAsync(BrandScope scope, KpiFilters filters, CostBasis? costBasis, CancellationToken ct)
    {
        var basis = costBasis ?? await settings.DefaultCostBasisAsync(ct);
        var lift = await settings.LiftAsync(ct);
        var snapshots = db.SalesDaily.AsNoTracking();
        var slice = scope.Apply(await filters.SalesSliceAsync(snapshots, db, ct));
        var cut = filters.CutsSales || !scope.IsAll;

        var sales = await BySalesAsync(slice, ct);
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
        return new Overview(kpis,
            perDay.OrderBy(d => d.Date).Select(d => new DailyRevenue(d.Date, Money.FromUnits(d.Units))).ToList(),
            refreshedAt);
    }

    sealed record InfluencerSales(long RevenueUnits, long Orders, long Conversions, long OrderCostUnits);

    static async Task<Dictionary<int, InfluencerSales>> BySalesAsync(IQueryable<SalesDaily> rows, CancellationToken ct) =>
        await rows.GroupBy(s => s.InfluencerId)
            .Select(g => new { g.Key, Revenue = g.Sum(s => s.RevenueUnits), Orders = g.Sum(s => s.Orders), Conversions = g.Sum(s => s.Conversions), Cost = g.Sum(s => s.OrderCostUnits) })
            .ToDictionaryAsync(g => g.Key, g => new InfluencerSales(g.Revenue, g.Orders, g.Conversions, g.Cost), ct);

    /// <summary>
    /// DESIGN.md, Payout. Order-basis cost follows its rows. A post-basis influencer costs rate × posts dated in
    /// the range; declared payouts have no date. When the slice cuts sales (brand, product, campaign, or a brand
    /// manager's scope), those costs are spread by the influencer's revenue share, so brands add up to the total;
    /// otherwise every influencer of the chosen kind counts whole, revenue or not.
    /// </summary>
    async Task<decimal> PayoutAsync(Dictionary<int, InfluencerSales> slice, KpiFilters filters, bool cut, CostBasis basis, CancellationToken ct)
    {
        var totals = await db.InfluencerTotals.AsNoTracking().ToDictionaryAsync(t => t.InfluencerId, ct);
        var dated = filters.From is not null || filters.To is not null;
        var postsInRange = dated
            ? await new KpiFilters { From = filters.From, To = filters.To }.Posts(db.PostDaily.AsNoTracking())
                .GroupBy(p => p.InfluencerId).Select(g => new { g.Key, Posts = g.Sum(p => p.Posts) }).ToDictionaryAsync(g => g.Key, g => g.Posts, ct)
            : null;
        var rangeRevenue = cut
            ? (await BySalesAsync(filters.InfluencerSlice(db.SalesDaily.AsNoTracking()), ct)).ToDictionary(p => p.Key, p => p.Value.RevenueUnits)
            : slice.ToDictionary(p => p.Key, p => p.Value.RevenueUnits);

        // rate × posts in the range = (rate × all posts) × posts in range / all posts
        decimal PostCost(InfluencerTotal t) =>
            postsInRange is null ? Money.FromUnits(t.PostCostUnits)
            : t.Posts == 0 ? 0 : Money.FromUnits(t.PostCostUnits) * postsInRange.GetValueOrDefault(t.InfluencerId) / t.Posts;

        if (!cut && basis == CostBasis.Earned)
            return slice.Values.Sum(s => Money.FromUnits(s.OrderCostUnits)) + (await ChosenAsync(filters, totals.Keys, ct)).Sum(id => PostCost(totals[id]));
        if (!cut && !dated)   // declared, whole influencers of the chosen kind
            return (await ChosenAsync(filters, totals.Keys, ct)).Sum(id => Money.FromUnits(totals[id].DeclaredUnits));

        decimal payout = 0;
        foreach (var (id, s) in slice)
        {
            if (!totals.TryGetValue(id, out var total)) continue;
            var revenue = Money.FromUnits(s.RevenueUnits);
            payout += basis == CostBasis.Earned
                ? Money.FromUnits(s.OrderCostUnits) + PayoutAllocation.Share(PostCost(total), revenue, Money.FromUnits(rangeRevenue.GetValueOrDefault(id)))
                : PayoutAllocation.Share(Money.FromUnits(total.DeclaredUnits), revenue, Money.FromUnits(total.RevenueUnits));
        }
        return payout;
    }

    // Influencers whose own dimensions (primary platform, category, tier, gender) pass the filters.
    async Task<IEnumerable<int>> ChosenAsync(KpiFilters filters, IEnumerable<int> ids, CancellationToken ct)
    {
        if (filters.Platform.Length + filters.Category.Length + filters.Tier.Length + filters.Gender.Length == 0) return ids;
        var influencers = await db.Influencers.AsNoTracking().Select(i => new { i.Id, i.Platform, i.Category, i.Gender, i.FollowerCount }).ToListAsync(ct);
        return influencers
            .Where(i => filters.Platform.Length == 0 || filters.Platform.Contains(i.Platform))
            .Where(i => filters.Category.Length == 0 || filters.Category.Contains(i.Category))
            .Where(i => filters.Tier.Length == 0 || filters.Tier.Contains(Tiers.Of(i.FollowerCount).ToString()))
            .Where(i => filters.Gender.Length == 0 || (i.Gender is not null && filters.Gender.Contains(i.Gender)))
            .Select(i => i.Id)
            .Intersect(ids)
            .ToList();
    }
}

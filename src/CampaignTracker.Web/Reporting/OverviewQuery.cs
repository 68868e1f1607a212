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
    public async Task<Overview> RunAsync(BrandScope scope, CostBasis? costBasis, CancellationToken ct)
    {
        var basis = costBasis ?? await settings.DefaultCostBasisAsync(ct);
        var lift = await settings.LiftAsync(ct);
        var sales = scope.Apply(db.SalesDaily.AsNoTracking());

        var byInfluencer = await sales
            .GroupBy(s => s.InfluencerId)
            .Select(g => new InfluencerSales(g.Key, g.Sum(s => s.RevenueUnits), g.Sum(s => s.Orders),
                g.Sum(s => s.Conversions), g.Sum(s => s.OrderCostUnits)))
            .ToListAsync(ct);
        var totals = await db.InfluencerTotals.AsNoTracking().ToDictionaryAsync(t => t.InfluencerId, ct);

        var posts = await db.PostDaily.AsNoTracking()
            .Where(p => scope.IsAll || sales.Any(s => s.InfluencerId == p.InfluencerId))
            .GroupBy(p => 1)
            .Select(g => new { Posts = g.Sum(p => p.Posts), Reach = g.Sum(p => p.Reach), Engagements = g.Sum(p => p.Likes + p.Comments) })
            .SingleOrDefaultAsync(ct);

        var perDay = await sales
            .GroupBy(s => s.Date)
            .Select(g => new { Date = g.Key, Units = g.Sum(s => s.RevenueUnits) })
            .ToListAsync(ct);

        var kpis = new OverviewKpis(
            Revenue: Money.FromUnits(byInfluencer.Sum(s => s.RevenueUnits)),
            Orders: byInfluencer.Sum(s => s.Orders),
            Conversions: byInfluencer.Sum(s => s.Conversions),
            Payout: scope.IsAll ? CompanyPayout(totals.Values, basis) : SlicePayout(byInfluencer, totals, basis),
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

    sealed record InfluencerSales(int InfluencerId, long RevenueUnits, long Orders, long Conversions, long OrderCostUnits);

    // Unsliced: every payout counts, including those of influencers without revenue ("unallocated").
    static decimal CompanyPayout(IEnumerable<InfluencerTotal> totals, CostBasis basis) =>
        Money.FromUnits(basis == CostBasis.Earned
            ? totals.Sum(t => t.OrderCostUnits + t.PostCostUnits)
            : totals.Sum(t => t.DeclaredUnits));

    // DESIGN.md, Payout: order-basis cost follows its rows; costs without a brand are spread by revenue share.
    static decimal SlicePayout(IEnumerable<InfluencerSales> sales, Dictionary<int, InfluencerTotal> totals, CostBasis basis)
    {
        decimal payout = 0;
        foreach (var s in sales)
        {
            if (!totals.TryGetValue(s.InfluencerId, out var total)) continue;
            var sliceRevenue = Money.FromUnits(s.RevenueUnits);
            var totalRevenue = Money.FromUnits(total.RevenueUnits);
            payout += basis == CostBasis.Earned
                ? Money.FromUnits(s.OrderCostUnits) + PayoutAllocation.Share(Money.FromUnits(total.PostCostUnits), sliceRevenue, totalRevenue)
                : PayoutAllocation.Share(Money.FromUnits(total.DeclaredUnits), sliceRevenue, totalRevenue);
        }
        return decimal.Round(payout, 2);
    }
}

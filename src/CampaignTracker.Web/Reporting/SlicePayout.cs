using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

/// <summary>Sales of one influencer in a slice (or in one part of it, e.g. a campaign).</summary>
public sealed record InfluencerSales(long RevenueUnits, long Orders, long Conversions, long OrderCostUnits);

/// <summary>
/// DESIGN.md, Payout, for one filter set: order-basis cost follows its rows; a post-basis influencer costs
/// rate × posts dated in the range; declared payouts have no date. A part of an influencer's sales (a brand,
/// product, campaign, or a brand manager's scope) gets those costs in proportion to its revenue, so the parts
/// add up to the influencer's cost and nothing is counted twice.
/// </summary>
public sealed class SlicePayout
{
    public required CostBasis Basis { get; init; }
    public required IReadOnlyDictionary<int, InfluencerTotal> Totals { get; init; }
    public required IReadOnlyDictionary<int, long>? PostsInRange { get; init; }
    public required IReadOnlyDictionary<int, long> RangeRevenueUnits { get; init; }

    /// <param name="cut">Whether the slice cuts influencers' sales in parts (brand, product, campaign, brand scope):
    /// only then does <see cref="Of"/> spread earned post costs, and need each influencer's revenue in the range.</param>
    public static async Task<SlicePayout> LoadAsync(CampaignDbContext db, KpiFilters filters, CostBasis basis, bool cut, CancellationToken ct)
    {
        var dated = filters.From is not null || filters.To is not null;
        return new SlicePayout
        {
            Basis = basis,
            Totals = await db.InfluencerTotals.AsNoTracking().ToDictionaryAsync(t => t.InfluencerId, ct),
            PostsInRange = dated
                ? await new KpiFilters { From = filters.From, To = filters.To }.Posts(db.PostDaily.AsNoTracking())
                    .GroupBy(p => p.InfluencerId).Select(g => new { g.Key, Posts = g.Sum(p => p.Posts) }).ToDictionaryAsync(g => g.Key, g => g.Posts, ct)
                : null,
            RangeRevenueUnits = cut && basis == CostBasis.Earned
                ? (await ByInfluencerAsync(filters.InfluencerSlice(db.SalesDaily.AsNoTracking()), ct)).ToDictionary(p => p.Key, p => p.Value.RevenueUnits)
                : new Dictionary<int, long>(),
        };
    }

    public static async Task<Dictionary<int, InfluencerSales>> ByInfluencerAsync(IQueryable<SalesDaily> rows, CancellationToken ct) =>
        await rows.GroupBy(s => s.InfluencerId)
            .Select(g => new { g.Key, Revenue = g.Sum(s => s.RevenueUnits), Orders = g.Sum(s => s.Orders), Conversions = g.Sum(s => s.Conversions), Cost = g.Sum(s => s.OrderCostUnits) })
            .ToDictionaryAsync(g => g.Key, g => new InfluencerSales(g.Revenue, g.Orders, g.Conversions, g.Cost), ct);

    /// <summary>The earned cost of an influencer's posts in the range: (rate × all posts) × posts in range ÷ all posts.</summary>
    public decimal PostCost(InfluencerTotal total) =>
        PostsInRange is null ? Money.FromUnits(total.PostCostUnits)
        : total.Posts == 0 ? 0 : Money.FromUnits(total.PostCostUnits) * PostsInRange.GetValueOrDefault(total.InfluencerId) / total.Posts;

    /// <summary>The payout of one influencer's part of the sales.</summary>
    public decimal Of(int influencerId, InfluencerSales part)
    {
        if (!Totals.TryGetValue(influencerId, out var total)) return 0;
        var revenue = Money.FromUnits(part.RevenueUnits);
        return Basis == CostBasis.Earned
            ? Money.FromUnits(part.OrderCostUnits) + PayoutAllocation.Share(PostCost(total), revenue, Money.FromUnits(RangeRevenueUnits.GetValueOrDefault(influencerId)))
            : PayoutAllocation.Share(Money.FromUnits(total.DeclaredUnits), revenue, Money.FromUnits(total.RevenueUnits));
    }
}

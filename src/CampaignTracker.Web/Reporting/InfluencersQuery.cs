using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

public sealed record InfluencerRow(
    int Id, string ExternalId, string Name, string Platform, string Category, Tier Tier, string? Gender, long Followers,
    long Posts, long Reach, long Engagements, long Orders, decimal Revenue, decimal Payout, decimal Lift)
{
    public decimal? ErrPercent => Kpi.ErrPercent(Engagements, Reach);
    public decimal? Roas => Kpi.Roas(Revenue, Payout);
    public decimal? Iroas => Kpi.Iroas(Revenue, Payout, Lift);
}

public sealed record InfluencerPage(IReadOnlyList<InfluencerRow> Rows, int Total, int Page, int PageSize);

/// <summary>
/// One row per influencer of the slice, from snapshots: everyone of the chosen kind when the slice does not cut
/// sales, otherwise those who sold in it (a brand manager: those who sold their brands). Payouts as on the overview.
/// </summary>
public class InfluencersQuery(CampaignDbContext db, SettingsStore settings)
{
    public const int PageSize = 50;

    public async Task<InfluencerPage> RunAsync(BrandScope scope, KpiFilters filters, CostBasis? costBasis, string? search, string? sort, bool descending, int page, CancellationToken ct)
    {
        var basis = costBasis ?? await settings.DefaultCostBasisAsync(ct);
        var lift = await settings.LiftAsync(ct);
        var slice = scope.Apply(await filters.SalesSliceAsync(db.SalesDaily.AsNoTracking(), db, ct));
        var cut = filters.CutsSales || !scope.IsAll;
        var sales = await SlicePayout.ByInfluencerAsync(slice, ct);
        var posts = await filters.Posts(db.PostDaily.AsNoTracking())
            .GroupBy(p => p.InfluencerId)
            .Select(g => new { g.Key, Posts = g.Sum(p => p.Posts), Reach = g.Sum(p => p.Reach), Engagements = g.Sum(p => p.Likes + p.Comments) })
            .ToDictionaryAsync(g => g.Key, ct);
        var payout = await SlicePayout.LoadAsync(db, filters, basis, cut, ct);
        var dated = filters.From is not null || filters.To is not null;

        decimal PayoutOf(int id, InfluencerSales? s) =>
            cut || (dated && basis == CostBasis.Declared) ? (s is null ? 0 : payout.Of(id, s))
            : !payout.Totals.TryGetValue(id, out var t) ? 0
            : basis == CostBasis.Earned ? Money.FromUnits(s?.OrderCostUnits ?? 0) + payout.PostCost(t)
            : Money.FromUnits(t.DeclaredUnits);

        var influencers = await db.Influencers.AsNoTracking().ToListAsync(ct);
        var rows = influencers
            .Where(i => cut ? sales.ContainsKey(i.Id) : filters.Picks(i))
            .Where(i => string.IsNullOrWhiteSpace(search) || i.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(i =>
            {
                var s = sales.GetValueOrDefault(i.Id);
                var p = posts.GetValueOrDefault(i.Id);
                return new InfluencerRow(i.Id, i.ExternalId, i.Name, i.Platform, i.Category, Tiers.Of(i.FollowerCount), i.Gender, i.FollowerCount,
                    p?.Posts ?? 0, p?.Reach ?? 0, p?.Engagements ?? 0, s?.Orders ?? 0, Money.FromUnits(s?.RevenueUnits ?? 0),
                    decimal.Round(PayoutOf(i.Id, s), 2), lift);
            })
            .ToList();
        var pageCount = Math.Max(1, (rows.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        return new InfluencerPage(Sort(rows, sort, descending).Skip((page - 1) * PageSize).Take(PageSize).ToList(), rows.Count, page, PageSize);
    }

    static IEnumerable<InfluencerRow> Sort(List<InfluencerRow> rows, string? sort, bool descending)
    {
        IEnumerable<InfluencerRow> By<T>(Func<InfluencerRow, T> key) => RowOrder.By(rows, key, descending).ThenBy(r => r.Name);
        IEnumerable<InfluencerRow> ByRatio(Func<InfluencerRow, decimal?> key) => RowOrder.ByRatio(rows, key, descending).ThenBy(r => r.Name);
        return sort switch
        {
            "platform" => By(r => r.Platform),
            "category" => By(r => r.Category),
            "tier" => By(r => r.Tier),
            "gender" => By(r => r.Gender ?? ""),
            "followers" => By(r => r.Followers),
            "posts" => By(r => r.Posts),
            "reach" => By(r => r.Reach),
            "err" => ByRatio(r => r.ErrPercent),
            "orders" => By(r => r.Orders),
            "revenue" => By(r => r.Revenue),
            "payout" => By(r => r.Payout),
            "roas" => ByRatio(r => r.Roas),
            "iroas" => ByRatio(r => r.Iroas),
            _ => By(r => r.Name),
        };
    }
}

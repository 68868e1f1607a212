using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

public sealed record CampaignRow(string Campaign, decimal Revenue, long Orders, int Influencers, decimal Payout, decimal Lift)
{
    public decimal? Roas => Kpi.Roas(Revenue, Payout);
    public decimal? Iroas => Kpi.Iroas(Revenue, Payout, Lift);
    public decimal? RoiPercent => Kpi.RoiPercent(Revenue, Payout, Lift);
}

/// <summary>One row per campaign of the slice, with the payout allocated to it (DESIGN.md, Payout), from snapshots.</summary>
public class CampaignsQuery(CampaignDbContext db, SettingsStore settings)
{

    public async Task<IReadOnlyList<CampaignRow>> RunAsync(BrandScope scope, KpiFilters filters, CostBasis? costBasis, string? sort, bool descending, CancellationToken ct)
    {
        var basis = costBasis ?? await settings.DefaultCostBasisAsync(ct);
        var lift = await settings.LiftAsync(ct);
        var slice = scope.Apply(await filters.SalesSliceAsync(db.SalesDaily.AsNoTracking(), db, ct));
        var parts = await slice
            .GroupBy(s => new { s.Campaign, s.InfluencerId })
            .Select(g => new { g.Key.Campaign, g.Key.InfluencerId, Revenue = g.Sum(s => s.RevenueUnits), Orders = g.Sum(s => s.Orders), Conversions = g.Sum(s => s.Conversions), Cost = g.Sum(s => s.OrderCostUnits) })
            .ToListAsync(ct);
        var payout = await SlicePayout.LoadAsync(db, filters, basis, cut: true, ct);

        var rows = parts.GroupBy(p => p.Campaign).Select(g => new CampaignRow(
            g.Key,
            Money.FromUnits(g.Sum(p => p.Revenue)),
            g.Sum(p => p.Orders),
            g.Select(p => p.InfluencerId).Distinct().Count(),
            decimal.Round(g.Sum(p => payout.Of(p.InfluencerId, new InfluencerSales(p.Revenue, p.Orders, p.Conversions, p.Cost))), 2),
            lift));
        return Sort(rows, sort, descending).ToList();
    }

    static IEnumerable<CampaignRow> Sort(IEnumerable<CampaignRow> rows, string? sort, bool descending)
    {
        IOrderedEnumerable<CampaignRow> By<T>(Func<CampaignRow, T> key) => RowOrder.By(rows, key, descending);
        IOrderedEnumerable<CampaignRow> ByRatio(Func<CampaignRow, decimal?> key) => RowOrder.ByRatio(rows, key, descending);
        return sort switch
        {
            "revenue" => By(r => r.Revenue),
            "orders" => By(r => r.Orders),
            "influencers" => By(r => r.Influencers),
            "payout" => By(r => r.Payout),
            "roas" => ByRatio(r => r.Roas),
            "iroas" => ByRatio(r => r.Iroas),
            "roi" => ByRatio(r => r.RoiPercent),
            _ => By(r => CampaignNumber(r.Campaign)).ThenBy(r => r.Campaign),
        };
    }

    // Campaign_2 before Campaign_10.
    static int CampaignNumber(string campaign) =>
        int.TryParse(new string(campaign.Reverse().TakeWhile(char.IsDigit).Reverse().ToArray()), out var n) ? n : int.MaxValue;
}

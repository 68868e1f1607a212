using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Web.Reporting;

public sealed record CampaignRow(string Campaign, decimal Revenue, long Orders, int Influencers, decimal Payout, decimal Lift)
{
    public decimal? Roas => Kpi.Roas(Revenue, Payout);
    public decimal? Iroas => Kpi.Iroas(Revenue, Payout, Lift);
    public decimal? RoiPercent => Kpi.RoiPercent(Revenue, Payout, Lift);
}

public sealed record CampaignSeries(string Campaign, IReadOnlyList<decimal> Revenue);

public sealed record CampaignTimeline(IReadOnlyList<DateOnly> Weeks, IReadOnlyList<CampaignSeries> Campaigns);

/// <summary>One row per campaign of the slice, with the payout allocated to it (DESIGN.md, Payout), from snapshots.</summary>
public class CampaignsQuery(Reports reports)
{
    public Task<IReadOnlyList<CampaignRow>> RunAsync(ReportView view, string? sort, bool descending, CancellationToken ct) =>
        reports.GetAsync(view, $"campaigns|{sort}|{descending}", cube => Sort(Rows(reports, cube, view), sort, descending), ct);

    /// <summary>The view's campaign rows, computed once per view for its sorts and insights.</summary>
    public static IReadOnlyList<CampaignRow> Rows(Reports reports, SnapshotCube cube, ReportView view) =>
        reports.Within(cube, view, "campaign-rows", c => Compute(view.SliceOf(c), view));

    /// <summary>Revenue of each campaign per week (Monday first) in the view: the campaigns page's chart.</summary>
    public Task<CampaignTimeline> TimelineAsync(ReportView view, CancellationToken ct) =>
        reports.GetAsync(view, "campaign-timeline", cube =>
        {
            var slice = view.SliceOf(cube);
            // Day number 0 (1 January 0001) is a Monday, so a day's Monday is day − day % 7.
            var firstMonday = cube.FirstDay - cube.FirstDay % 7;
            var byWeek = new long[cube.DayCount / 7 + 2, cube.Campaigns.Count];
            var any = new bool[byWeek.GetLength(0)];
            foreach (ref readonly var fact in cube.Sales.AsSpan())
            {
                if (!slice.Includes(fact)) continue;
                var week = (fact.Day - firstMonday) / 7;
                byWeek[week, fact.Campaign] += fact.RevenueUnits;
                any[week] = true;
            }
            var weeks = new SortedDictionary<int, long[]>();
            for (var w = 0; w < any.Length; w++)
                if (any[w]) weeks[firstMonday + 7 * w] = Enumerable.Range(0, cube.Campaigns.Count).Select(c => byWeek[w, c]).ToArray();
            var campaigns = Enumerable.Range(0, cube.Campaigns.Count).Where(c => weeks.Values.Any(w => w[c] != 0))
                .OrderBy(c => CampaignOrder.Number(cube.Campaigns[c])).ThenBy(c => cube.Campaigns[c]).ToList();
            return new CampaignTimeline(
                weeks.Keys.Select(SnapshotCube.DateOf).ToList(),
                campaigns.Select(c => new CampaignSeries(cube.Campaigns[c], weeks.Values.Select(w => Money.FromUnits(w[c])).ToList())).ToList());
        }, ct);

    /// <summary>Every campaign of the view with its sales and allocated payout.</summary>
    public static List<CampaignRow> Compute(Slice slice, ReportView view)
    {
        var cube = slice.Cube;
        var payout = new SlicePayout(slice, view.Basis, byParts: true);
        var campaigns = new (long RevenueUnits, long Orders, int Influencers, long OrderCostUnits, decimal Spread)[cube.Campaigns.Count];
        // A part's spread payout is its revenue × the influencer's rate per revenue unit. Sales come in influencer order
        // (SnapshotCube.Sales), so each influencer's revenue per campaign is totalled first and turned into money once.
        var unitsOfRun = new long[cube.Campaigns.Count];
        var inRun = new bool[cube.Campaigns.Count];
        var touched = new List<short>();
        var sales = cube.Sales;
        for (var start = 0; start < sales.Length;)
        {
            var influencer = sales[start].Influencer;
            var end = start;
            for (; end < sales.Length && sales[end].Influencer == influencer; end++)
            {
                ref readonly var fact = ref sales[end];
                if (!slice.Includes(fact)) continue;
                ref var c = ref campaigns[fact.Campaign];
                c.RevenueUnits += fact.RevenueUnits;
                c.Orders += fact.Orders;
                c.OrderCostUnits += fact.OrderCostUnits;
                if (!inRun[fact.Campaign])
                {
                    inRun[fact.Campaign] = true;
                    touched.Add(fact.Campaign);
                }
                unitsOfRun[fact.Campaign] += fact.RevenueUnits;
            }
            if (touched.Count > 0)
            {
                var rate = payout.PerRevenueUnit(influencer);
                foreach (var campaign in touched)
                {
                    ref var c = ref campaigns[campaign];
                    c.Influencers++;
                    if (rate != 0) c.Spread += unitsOfRun[campaign] * rate;
                    unitsOfRun[campaign] = 0;
                    inRun[campaign] = false;
                }
                touched.Clear();
            }
            start = end;
        }
        var earned = view.Basis == CostBasis.Earned;
        return campaigns.Select((c, code) => (c, code)).Where(x => x.c.Influencers > 0).Select(x => new CampaignRow(
            cube.Campaigns[x.code],
            Money.FromUnits(x.c.RevenueUnits),
            x.c.Orders,
            x.c.Influencers,
            decimal.Round((earned ? Money.FromUnits(x.c.OrderCostUnits) : 0) + x.c.Spread, 2),
            view.Lift)).ToList();
    }

    static IReadOnlyList<CampaignRow> Sort(IEnumerable<CampaignRow> rows, string? sort, bool descending)
    {
        IOrderedEnumerable<CampaignRow> By<T>(Func<CampaignRow, T> key) => RowOrder.By(rows, key, descending);
        IOrderedEnumerable<CampaignRow> ByRatio(Func<CampaignRow, decimal?> key) => RowOrder.ByRatio(rows, key, descending);
        return (sort switch
        {
            "revenue" => By(r => r.Revenue),
            "orders" => By(r => r.Orders),
            "influencers" => By(r => r.Influencers),
            "payout" => By(r => r.Payout),
            "roas" => ByRatio(r => r.Roas),
            "iroas" => ByRatio(r => r.Iroas),
            "roi" => ByRatio(r => r.RoiPercent),
            _ => By(r => CampaignOrder.Number(r.Campaign)).ThenBy(r => r.Campaign, StringComparer.Ordinal),
        }).ToList();
    }
}

using CampaignTracker.Web.Kpis;

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

/// <summary>Revenue and payout of one day of the view (payout allocated as on the cards, so the days add up to them).</summary>
public sealed record DailyAmounts(DateOnly Date, decimal Revenue, decimal Payout);

public sealed record LabelledRevenue(string Label, decimal Revenue);

/// <param name="Previous">The same view over the period of the same length just before, when the view has a date range.</param>
/// <param name="UndatedPayout">Payout that belongs to no day: declared payouts of influencers without tracked revenue in the view.</param>
public sealed record Overview(OverviewKpis Kpis, IReadOnlyList<DailyAmounts> PerDay, decimal UndatedPayout, DateTimeOffset? RefreshedAt, OverviewKpis? Previous = null)
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

/// <summary>The overview's numbers, from the snapshots.</summary>
public class OverviewQuery(Reports reports)
{
    public Task<Overview> RunAsync(ReportView view, CancellationToken ct) =>
        reports.GetAsync(view, "overview", cube => WithPrevious(cube, view), ct);

    /// <summary>The view's overview inside another computation (the payout workbook's brands), shared with <see cref="RunAsync"/>'s.</summary>
    public static Overview Of(Reports reports, SnapshotCube cube, ReportView view) =>
        reports.Within(cube, view, "overview", c => WithPrevious(c, view));

    static Overview WithPrevious(SnapshotCube cube, ReportView view)
    {
        if (view.Filters.PreviousPeriod() is not { } previous) return Compute(view.SliceOf(cube), view);
        Overview? overview = null, before = null;
        Parallel.Invoke(() => overview = Compute(view.SliceOf(cube), view),
            () => before = Compute(new Slice(cube, previous, view.Scope), view, withDays: false));
        return overview! with { Previous = before!.Kpis };
    }

    /// <param name="withDays">Whether to place payout on days (the chart); the previous period needs only the cards.</param>
    internal static Overview Compute(Slice slice, ReportView view, bool withDays = true)
    {
        var cube = slice.Cube;
        var sales = new InfluencerSales[cube.Influencers.Length];
        var perDay = new (long Revenue, long OrderCost, bool Any)[cube.DayCount];
        var byBrand = new long[cube.Brands.Count];
        var byPlatform = new long[cube.Platforms.Count];
        foreach (ref readonly var fact in cube.Sales.AsSpan())
        {
            if (!slice.Includes(fact)) continue;
            sales[fact.Influencer].Add(fact);
            ref var day = ref perDay[fact.Day - cube.FirstDay];
            day = (day.Revenue + fact.RevenueUnits, day.OrderCost + fact.OrderCostUnits, true);
            byBrand[fact.Brand] += fact.RevenueUnits;
            byPlatform[cube.Influencers[fact.Influencer].Platform] += fact.RevenueUnits;
        }

        // DESIGN.md: a cut view counts the posts of the influencers who sold in it.
        long posts = 0, reach = 0, engagements = 0;
        foreach (ref readonly var post in cube.Posts.AsSpan())
        {
            if (!slice.Includes(post) || !slice.PostsCount(sales, post.Influencer)) continue;
            posts += post.Posts;
            reach += post.Reach;
            engagements += post.Engagements;
        }

        var payout = new SlicePayout(slice, view.Basis);
        var payoutOf = new decimal[cube.Influencers.Length];
        for (var i = 0; i < payoutOf.Length; i++)
            if (slice.Picks(i)) payoutOf[i] = payout.InSlice(slice, i, sales[i]);

        var kpis = new OverviewKpis(
            Revenue: Money.FromUnits(sales.Sum(s => s.RevenueUnits)),
            Orders: sales.Sum(s => s.Orders),
            Conversions: sales.Sum(s => s.Conversions),
            Payout: decimal.Round(payoutOf.Sum(), 2),
            CostBasis: view.Basis,
            Lift: view.Lift,
            Reach: reach,
            Engagements: engagements,
            Posts: posts);
        var days = withDays ? PayoutPerDay(slice, payout, sales, payoutOf, perDay.Select(d => Money.FromUnits(d.OrderCost)).ToArray()) : new decimal[perDay.Length];
        return new Overview(kpis,
            Enumerable.Range(0, perDay.Length).Where(d => perDay[d].Any || days[d] != 0)
                .Select(d => new DailyAmounts(SnapshotCube.DateOf(cube.FirstDay + d), Money.FromUnits(perDay[d].Revenue), decimal.Round(days[d], 2))).ToList(),
            Undated(payoutOf.Sum() - days.Sum()),
            cube.RefreshedAt)
        {
            RevenueByBrand = Labelled(cube.Brands, byBrand),
            RevenueByPlatform = Labelled(cube.Platforms, byPlatform),
        };
    }

    /// <summary>
    /// Each influencer's payout in the view, placed on days: order costs on their orders' days, the post part
    /// (earned) on the days of their posts in the range, a declared payout on the days of their revenue.
    /// </summary>
    /// <returns>Payout per day, indexed by day − <see cref="SnapshotCube.FirstDay"/>.</returns>
    static decimal[] PayoutPerDay(Slice slice, SlicePayout payout, InfluencerSales[] sales, decimal[] payoutOf, decimal[] orderCostPerDay)
    {
        var cube = slice.Cube;
        var days = new Int128[cube.DayCount];
        if (payout.Basis == CostBasis.Earned)
        {
            var perPost = new FixedRates(payoutOf.Select((p, i) => p - Money.FromUnits(sales[i].OrderCostUnits))
                .Select((postPart, i) => postPart == 0 ? 0 : postPart / payout.PostsInRange(i)).ToArray());
            foreach (ref readonly var post in cube.Posts.AsSpan())
                if (!perPost.IsZero(post.Influencer) && slice.InRange(post.Day)) days[post.Day - cube.FirstDay] += perPost.Times(post.Posts, post.Influencer);
            return days.Select((d, i) => orderCostPerDay[i] + FixedRates.ToRupees(d)).ToArray();
        }
        var perUnit = new FixedRates(payoutOf.Select((p, i) => PayoutAllocation.PerRevenueUnit(p, sales[i].RevenueUnits)).ToArray());
        foreach (ref readonly var fact in cube.Sales.AsSpan())
            if (!perUnit.IsZero(fact.Influencer) && slice.Includes(fact)) days[fact.Day - cube.FirstDay] += perUnit.Times(fact.RevenueUnits, fact.Influencer);
        return days.Select(FixedRates.ToRupees).ToArray();
    }

    /// <summary>What the days do not hold, to paise (the days' rates are exact to 10^-20 rupee: a rest below a paisa is none).</summary>
    static decimal Undated(decimal rest) => Math.Abs(rest) < 0.005m ? 0 : decimal.Round(rest, 2);

    static List<LabelledRevenue> Labelled(IReadOnlyList<string> names, long[] units) =>
        units.Select((u, code) => (u, code)).Where(p => p.u != 0)
            .Select(p => new LabelledRevenue(names[p.code], Money.FromUnits(p.u))).OrderByDescending(l => l.Revenue).ToList();
}

/// <summary>Days grouped into weeks, each dated by its Monday (ISO 8601 weeks).</summary>
public static class Periods
{
    public static IReadOnlyList<DailyAmounts> Weeks(IEnumerable<DailyAmounts> days) =>
        days.GroupBy(d => d.Date.AddDays(-(((int)d.Date.DayOfWeek + 6) % 7)))
            .OrderBy(w => w.Key)
            .Select(w => new DailyAmounts(w.Key, w.Sum(d => d.Revenue), w.Sum(d => d.Payout)))
            .ToList();
}

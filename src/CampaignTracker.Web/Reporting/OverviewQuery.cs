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
        Cores.OfProcess.Both(() => overview = Compute(view.SliceOf(cube), view),
            () => before = Compute(new Slice(cube, previous, view.Scope), view, withDays: false));
        return overview! with { Previous = before!.Kpis };
    }

    /// <param name="withDays">Whether to place payout on days (the chart); the previous period needs only the cards.</param>
    internal static Overview Compute(Slice slice, ReportView view, bool withDays = true)
    {
        var cube = slice.Cube;
        // One pass over each table takes along what the payout needs (SlicePayout would take a pass of its own for each).
        var sums = Halves.Run(0, cube.Sales.Length, (from, to) => SalesSums.Of(slice, view.Basis, from, to), SalesSums.Merge);
        var sales = sums.Sales;
        var postSums = Halves.Run(0, cube.Posts.Length, (from, to) => PostSums.Of(slice, sales, from, to), PostSums.Merge);
        var payout = new SlicePayout(slice, view.Basis, postSums.InRange, sums.RangeRevenue);

        var payoutOf = new decimal[cube.Influencers.Length];
        Halves.For(0, payoutOf.Length, (from, to) =>
        {
            for (var i = from; i < to; i++)
                if (slice.Picks(i)) payoutOf[i] = payout.InSlice(slice, i, sales[i]);
        });

        var kpis = new OverviewKpis(
            Revenue: Money.FromUnits(sales.Sum(s => s.RevenueUnits)),
            Orders: sales.Sum(s => s.Orders),
            Conversions: sales.Sum(s => s.Conversions),
            Payout: decimal.Round(payoutOf.Sum(), 2),
            CostBasis: view.Basis,
            Lift: view.Lift,
            Reach: postSums.Reach,
            Engagements: postSums.Engagements,
            Posts: postSums.Posts);
        var perDay = sums.PerDay;
        var days = withDays ? PayoutPerDay(slice, payout, sales, payoutOf, perDay.Select(d => Money.FromUnits(d.OrderCost)).ToArray()) : new decimal[perDay.Length];
        return new Overview(kpis,
            Enumerable.Range(0, perDay.Length).Where(d => perDay[d].Any || days[d] != 0)
                .Select(d => new DailyAmounts(SnapshotCube.DateOf(cube.FirstDay + d), Money.FromUnits(perDay[d].Revenue), decimal.Round(days[d], 2))).ToList(),
            Undated(payoutOf.Sum() - days.Sum()),
            cube.RefreshedAt)
        {
            RevenueByBrand = Labelled(cube.Brands, sums.ByBrand),
            RevenueByPlatform = Labelled(cube.Platforms, sums.ByPlatform),
        };
    }

    /// <summary>The view's sales rows summed per influencer, per day, per brand and per platform.</summary>
    sealed class SalesSums
    {
        public required InfluencerSales[] Sales { get; init; }
        public required (long Revenue, long OrderCost, bool Any)[] PerDay { get; init; }
        public required long[] ByBrand { get; init; }
        public required long[] ByPlatform { get; init; }

        /// <summary>Each influencer's revenue in the range, all brands: what the payout spreads post costs by, when it does.</summary>
        public long[]? RangeRevenue { get; init; }

        /// <summary>Sums of the slice's rows among sales rows [from, to).</summary>
        public static SalesSums Of(Slice slice, CostBasis basis, int from, int to)
        {
            var cube = slice.Cube;
            var sums = new SalesSums
            {
                Sales = new InfluencerSales[cube.Influencers.Length], PerDay = new (long, long, bool)[cube.DayCount],
                ByBrand = new long[cube.Brands.Count], ByPlatform = new long[cube.Platforms.Count],
                RangeRevenue = SlicePayout.SpreadsPostCosts(slice, basis) ? new long[cube.Influencers.Length] : null,
            };
            var (sales, perDay, byBrand, byPlatform, rangeRevenue) = (sums.Sales, sums.PerDay, sums.ByBrand, sums.ByPlatform, sums.RangeRevenue);
            foreach (ref readonly var fact in cube.Sales.AsSpan(from, to - from))
            {
                if (rangeRevenue is not null && slice.IncludesInfluencerSale(fact)) rangeRevenue[fact.Influencer] += fact.RevenueUnits;
                if (!slice.Includes(fact)) continue;
                sales[fact.Influencer].Add(fact);
                ref var day = ref perDay[fact.Day - cube.FirstDay];
                day = (day.Revenue + fact.RevenueUnits, day.OrderCost + fact.OrderCostUnits, true);
                byBrand[fact.Brand] += fact.RevenueUnits;
                byPlatform[cube.Influencers[fact.Influencer].Platform] += fact.RevenueUnits;
            }
            return sums;
        }

        /// <summary>Adds the second half's sums into the first's.</summary>
        public static SalesSums Merge(SalesSums first, SalesSums second)
        {
            for (var i = 0; i < first.Sales.Length; i++) first.Sales[i].Add(second.Sales[i]);
            for (var d = 0; d < first.PerDay.Length; d++)
            {
                var (a, b) = (first.PerDay[d], second.PerDay[d]);
                first.PerDay[d] = (a.Revenue + b.Revenue, a.OrderCost + b.OrderCost, a.Any || b.Any);
            }
            Halves.Add(first.ByBrand, second.ByBrand);
            Halves.Add(first.ByPlatform, second.ByPlatform);
            if (first.RangeRevenue is not null) Halves.Add(first.RangeRevenue, second.RangeRevenue!);
            return first;
        }
    }

    /// <summary>The view's post rows summed; DESIGN.md: a cut view counts the posts of the influencers who sold in it.</summary>
    sealed class PostSums
    {
        public long Posts { get; private set; }
        public long Reach { get; private set; }
        public long Engagements { get; private set; }

        /// <summary>Each influencer's posts in a dated view's range, any platform: what the payout dates post costs by.</summary>
        public long[]? InRange { get; private init; }

        /// <summary>Sums of the slice's rows among post rows [from, to); <paramref name="sales"/>: the view's sales per influencer.</summary>
        public static PostSums Of(Slice slice, InfluencerSales[] sales, int from, int to)
        {
            var cube = slice.Cube;
            var sums = new PostSums { InRange = slice.Dated ? new long[cube.Influencers.Length] : null };
            var inRange = sums.InRange;
            long posts = 0, reach = 0, engagements = 0;
            foreach (ref readonly var post in cube.Posts.AsSpan(from, to - from))
            {
                if (inRange is not null && slice.InRange(post.Day)) inRange[post.Influencer] += post.Posts;
                if (!slice.Includes(post) || !slice.PostsCount(sales, post.Influencer)) continue;
                posts += post.Posts;
                reach += post.Reach;
                engagements += post.Engagements;
            }
            (sums.Posts, sums.Reach, sums.Engagements) = (posts, reach, engagements);
            return sums;
        }

        public static PostSums Merge(PostSums first, PostSums second)
        {
            (first.Posts, first.Reach, first.Engagements) = (first.Posts + second.Posts, first.Reach + second.Reach, first.Engagements + second.Engagements);
            if (first.InRange is not null) Halves.Add(first.InRange, second.InRange!);
            return first;
        }
    }

    /// <summary>
    /// Each influencer's payout in the view, placed on days: order costs on their orders' days, the post part
    /// (earned) on the days of their posts in the range, a declared payout on the days of their revenue.
    /// </summary>
    /// <returns>Payout per day, indexed by day − <see cref="SnapshotCube.FirstDay"/>.</returns>
    static decimal[] PayoutPerDay(Slice slice, SlicePayout payout, InfluencerSales[] sales, decimal[] payoutOf, decimal[] orderCostPerDay)
    {
        var cube = slice.Cube;
        if (payout.Basis == CostBasis.Earned)
        {
            var perPost = new FixedRates(payoutOf.Select((p, i) => p - Money.FromUnits(sales[i].OrderCostUnits))
                .Select((postPart, i) => postPart == 0 ? 0 : postPart / payout.PostsInRange(i)).ToArray());
            var postDays = Halves.Run(0, cube.Posts.Length, (from, to) =>
            {
                var days = new Int128[cube.DayCount];
                foreach (ref readonly var post in cube.Posts.AsSpan(from, to - from))
                    if (!perPost.IsZero(post.Influencer) && slice.InRange(post.Day)) days[post.Day - cube.FirstDay] += perPost.Times(post.Posts, post.Influencer);
                return days;
            }, Halves.Add);
            return postDays.Select((d, i) => orderCostPerDay[i] + FixedRates.ToRupees(d)).ToArray();
        }
        var perUnit = new FixedRates(payoutOf.Select((p, i) => PayoutAllocation.PerRevenueUnit(p, sales[i].RevenueUnits)).ToArray());
        var salesDays = Halves.Run(0, cube.Sales.Length, (from, to) =>
        {
            var days = new Int128[cube.DayCount];
            foreach (ref readonly var fact in cube.Sales.AsSpan(from, to - from))
                if (!perUnit.IsZero(fact.Influencer) && slice.Includes(fact)) days[fact.Day - cube.FirstDay] += perUnit.Times(fact.RevenueUnits, fact.Influencer);
            return days;
        }, Halves.Add);
        return salesDays.Select(FixedRates.ToRupees).ToArray();
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

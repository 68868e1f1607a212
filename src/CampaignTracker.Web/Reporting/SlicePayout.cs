using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// DESIGN.md, Payout, for one slice: order-basis cost follows its rows; a post-basis influencer costs
/// rate × posts dated in the range; declared payouts have no date. A part of an influencer's sales (a brand,
/// product, campaign, or a brand manager's scope) gets those costs in proportion to its revenue, so the parts
/// add up to the influencer's cost and nothing is counted twice.
/// </summary>
public sealed class SlicePayout
{
    readonly SnapshotCube cube;
    readonly long[]? postsInRange;
    readonly long[]? rangeRevenueUnits;
    // Filled per influencer when first asked; callers that split influencers between threads ask for disjoint ones.
    readonly decimal[] perRevenueUnit;
    readonly bool[] perRevenueUnitKnown;

    public CostBasis Basis { get; }

    /// <param name="byParts">Whether the caller divides the slice in parts (per campaign, product…): then, as in a cut
    /// slice, earned post costs are spread by revenue share, which needs each influencer's revenue in the range.</param>
    public SlicePayout(Slice slice, CostBasis basis, bool byParts = false)
        : this(slice, basis,
            slice.Dated ? PostsInRangeOf(slice) : null,
            SpreadsPostCosts(slice, basis, byParts) ? RangeRevenueOf(slice) : null)
    {
    }

    /// <summary>From sums the caller took along in passes of its own (the overview: one pass over each table instead of two).</summary>
    /// <param name="postsInRange">Each influencer's posts in the range, any platform; needed when the slice is dated.</param>
    /// <param name="rangeRevenueUnits">Each influencer's revenue in the range, all brands (<see cref="Slice.IncludesInfluencerSale"/>);
    /// needed when <see cref="SpreadsPostCosts"/>.</param>
    internal SlicePayout(Slice slice, CostBasis basis, long[]? postsInRange, long[]? rangeRevenueUnits)
    {
        if (slice.Dated && postsInRange is null) throw new ArgumentNullException(nameof(postsInRange), "a dated slice needs the posts in its range");
        if (SpreadsPostCosts(slice, basis) && rangeRevenueUnits is null)
            throw new ArgumentNullException(nameof(rangeRevenueUnits), "a cut, earned slice spreads post costs by the revenue in its range");
        cube = slice.Cube;
        Basis = basis;
        this.postsInRange = postsInRange;
        this.rangeRevenueUnits = rangeRevenueUnits;
        perRevenueUnit = new decimal[cube.Influencers.Length];
        perRevenueUnitKnown = new bool[cube.Influencers.Length];
    }

    /// <summary>Only a cut (or divided), earned view spreads post costs, by each influencer's revenue in the range (all brands).</summary>
    public static bool SpreadsPostCosts(Slice slice, CostBasis basis, bool byParts = false) => (slice.Cut || byParts) && basis == CostBasis.Earned;

    static long[] PostsInRangeOf(Slice slice) =>
        Halves.Run(0, slice.Cube.Posts.Length, (from, to) =>
        {
            var posts = new long[slice.Cube.Influencers.Length];
            foreach (ref readonly var post in slice.Cube.Posts.AsSpan(from, to - from))
                if (slice.InRange(post.Day)) posts[post.Influencer] += post.Posts;
            return posts;
        }, Halves.Add);

    static long[] RangeRevenueOf(Slice slice) =>
        Halves.Run(0, slice.Cube.Sales.Length, (from, to) =>
        {
            var revenue = new long[slice.Cube.Influencers.Length];
            foreach (ref readonly var fact in slice.Cube.Sales.AsSpan(from, to - from))
                if (slice.IncludesInfluencerSale(fact)) revenue[fact.Influencer] += fact.RevenueUnits;
            return revenue;
        }, Halves.Add);

    /// <summary>An influencer's posts in the view's date range (all of them without one), on any platform.</summary>
    public long PostsInRange(int influencer) => postsInRange?[influencer] ?? cube.Influencers[influencer].Totals.Posts;

    /// <summary>The earned cost of an influencer's posts in the range: (rate × all posts) × posts in range ÷ all posts.</summary>
    public decimal PostCost(int influencer)
    {
        var total = cube.Influencers[influencer].Totals;
        return postsInRange is null ? Money.FromUnits(total.PostCostUnits)
            : total.Posts == 0 ? 0 : Money.FromUnits(total.PostCostUnits) * postsInRange[influencer] / total.Posts;
    }

    public decimal Declared(int influencer) => Money.FromUnits(cube.Influencers[influencer].Totals.DeclaredUnits);

    /// <summary>The payout of one influencer's part of the sales.</summary>
    public decimal Of(int influencer, InfluencerSales part) =>
        (Basis == CostBasis.Earned ? Money.FromUnits(part.OrderCostUnits) : 0) + part.RevenueUnits * PerRevenueUnit(influencer);

    /// <summary>A part's share of the influencer's revenue in the range: the share of their earned post costs it carries
    /// (1 when the slice does not spread post costs, or the influencer has no revenue in the range).</summary>
    public decimal RevenueShare(int influencer, InfluencerSales part) =>
        rangeRevenueUnits is { } range && range[influencer] > 0 ? (decimal)part.RevenueUnits / range[influencer] : 1;

    /// <summary>
    /// What one unit of an influencer's revenue carries of the costs spread by revenue (PayoutAllocation): earned post
    /// costs over their revenue in the range, or the declared payout over all their revenue. Computed once per influencer,
    /// when first asked: a narrow view asks for few of them, and each is a decimal division.
    /// </summary>
    public decimal PerRevenueUnit(int influencer)
    {
        if (!perRevenueUnitKnown[influencer])
        {
            perRevenueUnit[influencer] = Basis == CostBasis.Earned
                ? PayoutAllocation.PerRevenueUnit(PostCost(influencer), rangeRevenueUnits?[influencer] ?? 0)
                : PayoutAllocation.PerRevenueUnit(Declared(influencer), cube.Influencers[influencer].Totals.RevenueUnits);
            perRevenueUnitKnown[influencer] = true;
        }
        return perRevenueUnit[influencer];
    }

    /// <summary>
    /// An influencer's payout in a view that does not cut sales: the whole cost of everyone picked, revenue or not
    /// ("unallocated" costs appear only here). Declared payouts have no dates, so a dated view spreads them by revenue.
    /// </summary>
    public decimal Whole(Slice slice, int influencer, InfluencerSales sales) =>
        Basis == CostBasis.Earned ? Money.FromUnits(sales.OrderCostUnits) + PostCost(influencer)
        : slice.Dated ? Of(influencer, sales)
        : Declared(influencer);

    /// <summary>An influencer's payout in the slice: whole when the slice does not cut sales, else their part's share.</summary>
    public decimal InSlice(Slice slice, int influencer, InfluencerSales sales) =>
        slice.Cut ? (sales.Any ? Of(influencer, sales) : 0) : Whole(slice, influencer, sales);
}

using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

public sealed record PostTotals(string Label, long Posts, long Reach, long Likes, long Comments)
{
    public long Engagements => Likes + Comments;
    public decimal? ErrPercent => Kpi.ErrPercent(Engagements, Reach);
}

public sealed record TopPost(long Id, string InfluencerId, string Influencer, string Platform, DateOnly Date, long Reach, long Likes, long Comments)
{
    public decimal? ErrPercent => Kpi.ErrPercent(Likes + Comments, Reach);
}

public sealed record PostPerformance(PostTotals Total, IReadOnlyList<PostTotals> ByPlatform, IReadOnlyList<PostTotals> ByTier, IReadOnlyList<TopPost> Top);

/// <summary>
/// Post performance of the view: totals, ERR by post platform and by tier, and the top posts by engagements.
/// Platform here is the post's own platform (DESIGN.md, Filters); a cut view counts the posts of those who sold in it.
/// </summary>
public class PostsQuery(Reports reports)
{
    public const int TopCount = 20;

    public Task<PostPerformance> RunAsync(ReportView view, CancellationToken ct) =>
        reports.GetAsync(view, "posts", cube => Compute(view.SliceOf(cube)), ct);

    internal static PostPerformance Compute(Slice slice)
    {
        var cube = slice.Cube;
        var sales = slice.Cut ? slice.SalesByInfluencer() : [];
        var byPlatform = new (long Posts, long Reach, long Likes, long Comments)[cube.Platforms.Count];
        var byTier = new (long Posts, long Reach, long Likes, long Comments)[Enum.GetValues<Tier>().Length];
        foreach (ref readonly var post in cube.Posts.AsSpan())
        {
            if (!slice.Includes(post) || !slice.PostsCount(sales, post.Influencer)) continue;
            Add(ref byPlatform[post.Platform], post);
            Add(ref byTier[(int)cube.Influencers[post.Influencer].Tier], post);
        }
        // The best TopCount so far, the weakest first: most posts are compared with it and go no further (RowOrder.Top's
        // rule, written out here: through its iterator and delegates the 1M post rows took ~15% longer, 47-55 vs 41-45 ms).
        var top = new PriorityQueue<PostRow, (long, long, long)>();
        foreach (ref readonly var post in cube.PostRows.AsSpan())
        {
            if (!slice.Includes(post) || !slice.PostsCount(sales, post.Influencer)) continue;
            var rank = (post.Engagements, post.Reach, -post.Id);
            if (top.Count < TopCount) top.Enqueue(post, rank);
            else if (top.TryPeek(out _, out var weakest) && rank.CompareTo(weakest) > 0) top.EnqueueDequeue(post, rank);
        }
        var topPosts = new List<TopPost>();
        while (top.TryDequeue(out var post, out _))
        {
            var influencer = cube.Influencers[post.Influencer];
            topPosts.Add(new TopPost(post.Id, influencer.ExternalId, influencer.Name, cube.Platforms[post.Platform], SnapshotCube.DateOf(post.Day), post.Reach, post.Likes, post.Comments));
        }
        topPosts.Reverse();

        var platforms = byPlatform.Select((t, code) => Totals(cube.Platforms[code], t)).Where(t => t.Posts > 0).OrderByDescending(t => t.Posts).ToList();
        return new PostPerformance(
            new PostTotals("All", platforms.Sum(t => t.Posts), platforms.Sum(t => t.Reach), platforms.Sum(t => t.Likes), platforms.Sum(t => t.Comments)),
            platforms,
            byTier.Select((t, tier) => Totals(((Tier)tier).ToString(), t)).Where(t => t.Posts > 0).ToList(),
            topPosts);
    }

    static void Add(ref (long Posts, long Reach, long Likes, long Comments) sums, in PostFact post) =>
        sums = (sums.Posts + post.Posts, sums.Reach + post.Reach, sums.Likes + post.Likes, sums.Comments + post.Comments);

    static PostTotals Totals(string label, (long Posts, long Reach, long Likes, long Comments) t) => new(label, t.Posts, t.Reach, t.Likes, t.Comments);
}

/// <summary>A listed post's URL and caption, read by id (the snapshots keep no texts).</summary>
public sealed record PostText(string Url, string? Caption)
{
    /// <summary>Only web addresses become links: an uploaded "javascript:" URL stays text.</summary>
    public bool IsWebLink => Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static async Task<IReadOnlyDictionary<long, PostText>> ForAsync(CampaignDbContext db, IEnumerable<long> ids, CancellationToken ct)
    {
        var wanted = ids.ToList();
        return await db.Posts.AsNoTracking().Where(p => wanted.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => new PostText(p.Url, p.Caption), ct);
    }
}

using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

public sealed record PostTotals(string Label, long Posts, long Reach, long Likes, long Comments)
{
    public long Engagements => Likes + Comments;
    public decimal? ErrPercent => Kpi.ErrPercent(Engagements, Reach);
}

/// <summary>One post as a list shows it: the top posts and the post list (its texts are read by id, <see cref="PostText"/>).</summary>
public sealed record ListedPost(long Id, string InfluencerId, string Influencer, string Platform, DateOnly Date, long Reach, long Likes, long Comments)
{
    public long Engagements => Likes + Comments;
    public decimal? ErrPercent => Kpi.ErrPercent(Engagements, Reach);

    /// <summary>Likes + comments above reach: implausible (DESIGN.md: 888 such posts in the seed; an upload warning, flagged where listed).</summary>
    public bool AboveReach => Engagements > Reach;

    public static ListedPost Of(SnapshotCube cube, in PostRow post)
    {
        var influencer = cube.Influencers[post.Influencer];
        return new ListedPost(post.Id, influencer.ExternalId, influencer.Name, cube.Platforms[post.Platform], SnapshotCube.DateOf(post.Day),
            post.Reach, post.Likes, post.Comments);
    }
}

public sealed record PostPerformance(PostTotals Total, IReadOnlyList<PostTotals> ByPlatform, IReadOnlyList<PostTotals> ByTier, IReadOnlyList<ListedPost> Top);

/// <summary>
/// The post list's `q`, `sort` and `dir`. No sort (or a column the list does not sort by) is newest first; a sort column is
/// ascending unless `dir=desc`. The search is trimmed, without control characters; empty means none.
/// </summary>
public sealed record PostList(string? Search, string Sort, bool Descending)
{
    public static PostList From(string? q, string? sort, string? dir)
    {
        var search = new string((q ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        var known = sort is not null && PostOrder.Columns.Contains(sort);
        return new PostList(search.Length == 0 ? null : search, known ? sort! : "date", known ? dir == "desc" : dir != "asc");
    }

    /// <summary>For cache keys: the search escaped, so no search can spell another view's key.</summary>
    public string Key => $"{SearchKey}|{Sort}|{Descending}";

    public string SearchKey => Uri.EscapeDataString(Search ?? "");
}

public sealed record PostPage(IReadOnlyList<ListedPost> Rows, int Total, int Page, int PageSize);

/// <summary>
/// Post performance of the view: totals, ERR by post platform and by tier, and the top posts by engagements.
/// Platform here is the post's own platform (DESIGN.md, Filters); a cut view counts the posts of those who sold in it.
/// Also every post of the view, a page at a time or all of them in order (the post list, its twin and its CSV).
/// </summary>
public class PostsQuery(Reports reports, PostSearch search)
{
    public const int TopCount = 20;
    public const int PageSize = 50;

    public async Task<PostPerformance> RunAsync(ReportView view, CancellationToken ct)
    {
        var cube = await reports.CubeAsync(ct);
        return reports.Within(cube, view, "posts", c => Compute(view.SliceOf(c), Sold(c, view), InView(c, view)));
    }

    /// <param name="sold">Who sold in the slice (<see cref="Slice.SoldInfluencers"/>); <paramref name="inView"/> the view's posts (<see cref="Select"/>).</param>
    internal static PostPerformance Compute(Slice slice, bool[] sold, PostSelection inView)
    {
        var cube = slice.Cube;
        var byPlatform = new (long Posts, long Reach, long Likes, long Comments)[cube.Platforms.Count];
        var byTier = new (long Posts, long Reach, long Likes, long Comments)[Enum.GetValues<Tier>().Length];
        foreach (ref readonly var post in cube.Posts.AsSpan())
        {
            if (!slice.Includes(post) || !slice.PostsCount(sold, post.Influencer)) continue;
            Add(ref byPlatform[post.Platform], post);
            Add(ref byTier[(int)cube.Influencers[post.Influencer].Tier], post);
        }
        // The best TopCount so far, the weakest first: most posts are compared with it and go no further (RowOrder.Top's
        // rule, written out here: through its iterator and delegates the 1M post rows took ~15% longer, 47-55 vs 41-45 ms).
        // Only the view's posts are visited: the bits of its selection, word by word.
        var top = new PriorityQueue<PostRow, (long, long, long)>();
        var words = inView.Words;
        for (var w = 0; w < words.Length; w++)
        {
            for (var word = words[w]; word != 0; word &= word - 1)
            {
                ref readonly var post = ref cube.PostRows[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word)];
                var rank = (post.Engagements, post.Reach, -post.Id);
                if (top.Count < TopCount) top.Enqueue(post, rank);
                else if (top.TryPeek(out _, out var weakest) && rank.CompareTo(weakest) > 0) top.EnqueueDequeue(post, rank);
            }
        }
        var topPosts = new List<ListedPost>();
        while (top.TryDequeue(out var post, out _)) topPosts.Add(ListedPost.Of(cube, post));
        topPosts.Reverse();

        var platforms = byPlatform.Select((t, code) => Totals(cube.Platforms[code], t)).Where(t => t.Posts > 0).OrderByDescending(t => t.Posts).ToList();
        return new PostPerformance(
            new PostTotals("All", platforms.Sum(t => t.Posts), platforms.Sum(t => t.Reach), platforms.Sum(t => t.Likes), platforms.Sum(t => t.Comments)),
            platforms,
            byTier.Select((t, tier) => Totals(((Tier)tier).ToString(), t)).Where(t => t.Posts > 0).ToList(),
            topPosts);
    }

    /// <summary>Page <paramref name="page"/> (from 1, clamped to the pages there are) of the view's posts in the list's order.</summary>
    public async Task<PostPage> PageAsync(ReportView view, PostList list, int page, CancellationToken ct)
    {
        var (cube, selection) = await SelectAsync(view, list, ct);
        page = Math.Clamp(page, 1, Math.Max(1, (selection.Count + PageSize - 1) / PageSize));
        return reports.Within(cube, view, $"post-page|{list.Key}|{page}", c => new PostPage(
            Order(c, list.Sort).Walk(selection, list.Descending).Skip((page - 1) * PageSize).Take(PageSize).Select(r => ListedPost.Of(c, c.PostRows[r])).ToList(),
            selection.Count, page, PageSize));
    }

    /// <summary>
    /// Every post of the view in the list's order with its texts, made as it is read (a CSV of a million posts holds none of
    /// them): the texts come from the version's <see cref="PostTextIndex"/>, built by the first search or CSV of the version.
    /// </summary>
    public async Task<IEnumerable<(ListedPost Post, PostText? Text)>> AllAsync(ReportView view, PostList list, CancellationToken ct)
    {
        var (cube, selection) = await SelectAsync(view, list, ct);
        var texts = await search.IndexAsync(cube, ct);
        return Order(cube, list.Sort).Walk(selection, list.Descending).Select(r => (ListedPost.Of(cube, cube.PostRows[r]), texts.TextOf(r)));
    }

    async Task<(SnapshotCube Cube, PostSelection Selection)> SelectAsync(ReportView view, PostList list, CancellationToken ct)
    {
        var cube = await reports.CubeAsync(ct);
        var inView = InView(cube, view);
        if (list.Search is not { } text) return (cube, inView);
        var texts = await search.IndexAsync(cube, ct);
        var found = reports.OfData(cube, $"post-search|{list.SearchKey}", c => Matches(c, text, texts));
        return (cube, reports.Within(cube, view, $"post-selection|{list.SearchKey}", _ => inView.And(found)));
    }

    PostOrder Order(SnapshotCube cube, string column) => reports.OfData(cube, $"post-order|{column}", c => PostOrder.Of(c, column));

    bool[] Sold(SnapshotCube cube, ReportView view) => reports.Within(cube, view, "sold", c => view.SliceOf(c).SoldInfluencers());

    PostSelection InView(SnapshotCube cube, ReportView view) => reports.Within(cube, view, "post-selection", c => Select(view.SliceOf(c), Sold(c, view)));

    /// <summary>
    /// The posts of the view, those its totals count: in range, on an allowed post platform, of an influencer of the chosen
    /// kind; in a cut view (brand, product, campaign, a brand manager's scope) only the posts of influencers who sold in it.
    /// </summary>
    internal static PostSelection Select(Slice slice, bool[] sold)
    {
        var posts = slice.Cube.PostRows;
        var bits = PostSelection.Bits(posts.Length);
        // Two halves of whole 64-post words: no word is written by both.
        var count = Halves.Run(0, bits.Length, (fromWord, toWord) =>
        {
            var found = 0;
            for (var r = fromWord << 6; r < Math.Min(toWord << 6, posts.Length); r++)
            {
                ref readonly var post = ref posts[r];
                if (!slice.Includes(post) || !slice.PostsCount(sold, post.Influencer)) continue;
                PostSelection.Set(bits, r);
                found++;
            }
            return found;
        }, (a, b) => a + b);
        return new PostSelection(bits, count);
    }

    /// <summary>The posts whose caption or URL contains <paramref name="search"/>, or whose influencer's name contains it or id is
    /// it (any case): the same for every view, so one search serves them all.</summary>
    internal static PostSelection Matches(SnapshotCube cube, string search, PostTextIndex texts)
    {
        var posts = cube.PostRows;
        var bits = PostSelection.Bits(posts.Length);
        texts.Mark(search, bits);
        var named = cube.Influencers
            .Select(i => i.Name.Contains(search, StringComparison.OrdinalIgnoreCase) || i.ExternalId.Equals(search, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        if (named.Contains(true))
            for (var r = 0; r < posts.Length; r++)
                if (named[posts[r].Influencer]) PostSelection.Set(bits, r);
        return new PostSelection(bits);
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
        // One JSON parameter (EF.Parameter): EF 10 otherwise makes a parameter of each id.
        var wanted = ids.ToList();
        return await db.Posts.AsNoTracking().Where(p => EF.Parameter(wanted).Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => new PostText(p.Url, p.Caption), ct);
    }


}

using CampaignTracker.Web.Data;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Posts;

public class IndexModel(PostsQuery posts, Reports reports, CampaignDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true)] public string? Dir { get; set; }
    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public ReportView View { get; private set; } = null!;
    public PostPerformance Data { get; private set; } = null!;
    public PostList List { get; private set; } = PostList.From(null, null, null);
    public PostPage Listed { get; private set; } = new([], 0, 1, PostsQuery.PageSize);
    public IReadOnlyDictionary<long, PostText> Texts { get; private set; } = new Dictionary<long, PostText>();

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        Filters = filters;
        View = view;
        Options = await reports.OptionsAsync(View, ct);
        Data = await posts.RunAsync(View, ct);
        List = PostList.From(Search, Sort, Dir);
        Listed = await posts.PageAsync(View, List, PageNumber, ct);
        Texts = await PostText.ForAsync(db, Data.Top.Concat(Listed.Rows).Select(p => p.Id).Distinct(), ct);
        return Page();
    }

    /// <summary>
    /// `?handler=Csv&amp;table=all|top|platform|tier`: every post of this view (filters, scope, `q`, `sort`, `dir`; not just this
    /// page of them), or one of the view's tables. Top posts without a table, as before the post list.
    /// </summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, string? table, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        string Name(string what) => FileNames.For(what, filters, clock.GetUtcNow(), "csv");
        if (table == "all")
        {
            return new CsvExport<(ListedPost, PostText?)>(Name("posts"), await posts.AllAsync(view, PostList.From(Search, Sort, Dir), ct), PostColumns);
        }
        var data = await posts.RunAsync(view, ct);
        IReadOnlyList<CsvColumn<PostTotals>> totals =
        [
            CsvColumn<PostTotals>.Text(table == "tier" ? "tier" : "platform", t => t.Label),
            CsvColumn<PostTotals>.Count("posts", t => t.Posts), CsvColumn<PostTotals>.Count("reach", t => t.Reach),
            CsvColumn<PostTotals>.Count("likes", t => t.Likes), CsvColumn<PostTotals>.Count("comments", t => t.Comments),
            CsvColumn<PostTotals>.Number("err_percent", t => t.ErrPercent),
        ];
        switch (table ?? "top")
        {
            case "platform": return new CsvExport<PostTotals>(Name("err-by-platform"), data.ByPlatform, totals);
            case "tier": return new CsvExport<PostTotals>(Name("err-by-tier"), data.ByTier, totals);
            case "top":
                var texts = await PostText.ForAsync(db, data.Top.Select(p => p.Id), ct);
                return new CsvExport<(ListedPost, PostText?)>(Name("top-posts"), data.Top.Select(p => (p, texts.GetValueOrDefault(p.Id))), PostColumns);
            default: return BadRequest($"table must be 'all', 'top', 'platform' or 'tier', not '{table}'");
        }
    }

    /// <summary>A post of the list or of the top posts with its texts. The top-posts CSV's first ten columns as they always were, the rest after.</summary>
    static readonly IReadOnlyList<CsvColumn<(ListedPost Post, PostText? Text)>> PostColumns =
    [
        CsvColumn<(ListedPost Post, PostText? Text)>.Date("date", r => r.Post.Date),
        CsvColumn<(ListedPost Post, PostText? Text)>.Text("influencer_id", r => r.Post.InfluencerId),
        CsvColumn<(ListedPost Post, PostText? Text)>.Text("influencer", r => r.Post.Influencer),
        CsvColumn<(ListedPost Post, PostText? Text)>.Text("platform", r => r.Post.Platform),
        CsvColumn<(ListedPost Post, PostText? Text)>.Text("url", r => r.Text?.Url),
        CsvColumn<(ListedPost Post, PostText? Text)>.Text("caption", r => r.Text?.Caption),
        CsvColumn<(ListedPost Post, PostText? Text)>.Count("reach", r => r.Post.Reach),
        CsvColumn<(ListedPost Post, PostText? Text)>.Count("likes", r => r.Post.Likes),
        CsvColumn<(ListedPost Post, PostText? Text)>.Count("comments", r => r.Post.Comments),
        CsvColumn<(ListedPost Post, PostText? Text)>.Number("err_percent", r => r.Post.ErrPercent),
        CsvColumn<(ListedPost Post, PostText? Text)>.Count("engagements", r => r.Post.Engagements),
        CsvColumn<(ListedPost Post, PostText? Text)>.Text("above_reach", r => r.Post.AboveReach ? "yes" : ""),
        CsvColumn<(ListedPost Post, PostText? Text)>.Count("post_id", r => r.Post.Id),
    ];

    public string CsvUrl(string table) => Links.WithQuery(Request, "/Posts", ("handler", "Csv"), ("table", table), ("p", null));

    public string SortUrl(string column) => Links.Sort(Request, "/Posts", column, List.Sort, List.Descending ? "desc" : "asc");

    public string PageUrl(int page) => Links.WithQuery(Request, "/Posts", ("p", page.ToString()));

    public string DetailsUrl(string externalId) => Links.InfluencerDetails(Request, externalId);
}

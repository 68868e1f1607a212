using CampaignTracker.Web.Data;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Posts;

public class IndexModel(PostsQuery posts, Reports reports, CampaignDbContext db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public ReportView View { get; private set; } = null!;
    public PostPerformance Data { get; private set; } = null!;
    public IReadOnlyDictionary<long, PostText> Texts { get; private set; } = new Dictionary<long, PostText>();

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        Filters = filters;
        View = view;
        Options = await reports.OptionsAsync(View, ct);
        Data = await posts.RunAsync(View, ct);
        Texts = await PostText.ForAsync(db, Data.Top.Select(p => p.Id), ct);
        return Page();
    }

    /// <summary>`?handler=Csv&amp;table=top|platform|tier`: one of this view's tables as CSV (top posts by default).</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, string? table, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        var data = await posts.RunAsync(view, ct);
        string Name(string what) => FileNames.For(what, filters, clock.GetUtcNow(), "csv");
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
                return new CsvExport<TopPost>(Name("top-posts"), data.Top,
                [
                    CsvColumn<TopPost>.Date("date", p => p.Date), CsvColumn<TopPost>.Text("influencer_id", p => p.InfluencerId),
                    CsvColumn<TopPost>.Text("influencer", p => p.Influencer), CsvColumn<TopPost>.Text("platform", p => p.Platform),
                    CsvColumn<TopPost>.Text("url", p => texts.GetValueOrDefault(p.Id)?.Url), CsvColumn<TopPost>.Text("caption", p => texts.GetValueOrDefault(p.Id)?.Caption),
                    CsvColumn<TopPost>.Count("reach", p => p.Reach), CsvColumn<TopPost>.Count("likes", p => p.Likes),
                    CsvColumn<TopPost>.Count("comments", p => p.Comments), CsvColumn<TopPost>.Number("err_percent", p => p.ErrPercent),
                ]);
            default: return BadRequest($"table must be 'top', 'platform' or 'tier', not '{table}'");
        }
    }

    public string CsvUrl(string table) => Links.WithQuery(Request, "/Posts", ("handler", "Csv"), ("table", table));
}

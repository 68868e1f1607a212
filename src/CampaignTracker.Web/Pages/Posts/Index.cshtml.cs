using CampaignTracker.Web.Api;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Posts;

public class IndexModel(PostsQuery posts, Reports reports, CampaignDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public ReportView View { get; private set; } = null!;
    public PostPerformance Data { get; private set; } = null!;
    public IReadOnlyDictionary<long, PostText> Texts { get; private set; } = new Dictionary<long, PostText>();

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        if (!CostBasisParameter.TryParse(Cost, out var basis)) return BadRequest($"cost must be 'earned' or 'declared', not '{Cost}'");
        if (!ModelState.IsValid) return BadRequest("from and to are dates yyyy-MM-dd");
        Filters = filters;
        View = await reports.ViewAsync(User, filters, basis, ct);
        Options = await reports.OptionsAsync(View, ct);
        Data = await posts.RunAsync(View, ct);
        Texts = await PostText.ForAsync(db, Data.Top.Select(p => p.Id), ct);
        return Page();
    }
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

using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Audit;

/// <summary>The audit log, newest first, filtered by action, by text in who/what/details, by day; 100 a page.</summary>
public class IndexModel(CampaignDbContext db) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    /// <summary>Matched in the actor, the subject and the details.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public int P { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public bool HasMore { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return BadRequest("from and to are dates yyyy-MM-dd; p is a page number");
        P = Math.Max(P, 1);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(Type)) entries = entries.Where(e => e.Action == Type);
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            entries = entries.Where(e => e.Actor.Contains(q) || (e.Subject != null && e.Subject.Contains(q)) || (e.Details != null && e.Details.Contains(q)));
        }
        if (From is { } from) entries = entries.Where(e => e.At >= from.ToDateTime(TimeOnly.MinValue));
        if (To is { } to) entries = entries.Where(e => e.At < to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        var page = await entries.OrderByDescending(e => e.Id).Skip((P - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        HasMore = page.Count > PageSize;
        Entries = page.Take(PageSize).ToList();
        return Page();
    }
}

using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Uploads;

public class DetailsModel(CampaignDbContext db, UploadProgress progress) : PageModel
{
    public UploadView View { get; private set; } = null!;

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { } upload) return NotFound();
        // The report holds the first errors (ErrorLog.Shown), then the warnings.
        var lines = upload.Report?.Split('\n') ?? [];
        var shownErrors = Math.Min(upload.ErrorCount, ErrorLog.Shown);
        Errors = lines.Take(shownErrors).ToList();
        Warnings = lines.Skip(shownErrors).ToList();
        return Page();
    }

    /// <summary>Live progress for the page's script: phase, rows read, percent, outcome.</summary>
    public async Task<IActionResult> OnGetProgressAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) is null ? NotFound() : new JsonResult(View.Json);

    /// <summary>Every error of a refused upload, as CSV (file, row, column, value, expected).</summary>
    public async Task<IActionResult> OnGetErrorsAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is not { ErrorReportPath: { } path } || !System.IO.File.Exists(path)) return NotFound();
        return PhysicalFile(path, "text/csv; charset=utf-8", $"upload-{id}-errors.csv");
    }

    /// <summary>The message, HTML-encoded, with each "upload #N" linked to that upload's page.</summary>
    public static Microsoft.AspNetCore.Html.HtmlString WithUploadLinks(string message) =>
        new(System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlEncode(message), @"upload #(\d+)",
            m => $"<a href=\"/Uploads/Details/{m.Groups[1].Value}\">{m.Value}</a>"));

    async Task<Upload?> LoadAsync(int id, CancellationToken ct)
    {
        var upload = await db.Uploads.AsNoTracking().Include(u => u.Files).SingleOrDefaultAsync(u => u.Id == id, ct);
        if (upload is not null) View = new UploadView(upload, progress.Of(id));
        return upload;
    }
}

using System.ComponentModel.DataAnnotations;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion;
using CampaignTracker.Web.Ingestion.Sources;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Uploads;

// Multipart bodies up to 5 files at the per-file limit; each file is checked against Ingestion:MaxFileBytes below.
[UploadRequestLimits]
public class IndexModel(CampaignDbContext db, UploadStore store, UploadProgress progress, IBackgroundJobClient jobs, IngestionLimits limits, AuditLog audit) : PageModel
{
    public sealed class UploadInput
    {
        [Required(ErrorMessage = "Choose at least one file: CSV, XLSX, or a ZIP of them.")]
        [Display(Name = "Files")]
        public List<IFormFile> Files { get; set; } = [];

        [Display(Name = "Dataset")]
        public Dataset? Dataset { get; set; }

        [Display(Name = "Replace the tracking batch of upload")]
        public int? Replaces { get; set; }
    }

    [BindProperty]
    public UploadInput Input { get; set; } = new();

    public IReadOnlyList<UploadView> History { get; private set; } = [];

    public IReadOnlyList<int> ReplaceableBatches { get; private set; } = [];

    /// <summary>The web limit per file as the page states it, "100 MB", before a file is chosen.</summary>
    public string MaxFileSize => Sizes.Format(limits.MaxFileBytes);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // [Required] lets an empty list through: a form without files would store an empty upload.
        if (Input.Files.Count == 0 && ModelState.IsValid)
            ModelState.AddModelError("Input.Files", "Choose at least one file: CSV, XLSX, or a ZIP of them.");
        if (Input.Files.Count > RequestLimits.MaxFilesPerUpload)
            ModelState.AddModelError("Input.Files", $"{Input.Files.Count} files chosen; at most {RequestLimits.MaxFilesPerUpload} a time (or one ZIP of them).");
        foreach (var file in Input.Files.Where(f => f.Length > limits.MaxFileBytes))
            ModelState.AddModelError("Input.Files", $"{file.FileName} is {Display.Bytes(file.Length)}; the limit is {Display.Bytes(limits.MaxFileBytes)} a file.");
        foreach (var file in Input.Files.Where(f => f.Length == 0))
            ModelState.AddModelError("Input.Files", $"{file.FileName} is empty.");
        if (Input.Replaces is { } id && !(await ReplaceableAsync(ct)).Contains(id))
            ModelState.AddModelError("Input.Replaces", $"Upload #{id} has no applied tracking batch to replace.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }

        var streams = Input.Files.Select(f => new UploadStore.Incoming(f.FileName, f.OpenReadStream())).ToList();
        Upload upload;
        try { upload = await store.StoreAsync(streams, User.Identity?.Name ?? "unknown", ct, Input.Dataset, Input.Replaces); }
        finally { foreach (var s in streams) await s.Content.DisposeAsync(); }
        UploadRecovery.Enqueue(jobs, upload.Id);
        await audit.RecordAsync(AuditActions.Upload, $"upload #{upload.Id}",
            string.Join(", ", upload.Files.Select(f => $"{f.FileName} ({Display.Bytes(f.SizeBytes)})")), ct);
        return RedirectToPage("Details", new { id = upload.Id });
    }

    /// <summary>Rebuild the KPI snapshots from the raw rows now (DESIGN.md, Snapshots), in the background.</summary>
    public IActionResult OnPostRefresh()
    {
        jobs.Enqueue<RefreshSnapshotsJob>(j => j.RunAsync(CancellationToken.None));
        TempData["Message"] = "KPI snapshot refresh queued: pages show the new figures as soon as it finishes.";
        return RedirectToPage();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        var uploads = await db.Uploads.AsNoTracking().Include(u => u.Files).OrderByDescending(u => u.Id).Take(50).ToListAsync(ct);
        History = uploads.Select(u => new UploadView(u, progress.Of(u.Id))).ToList();
        ReplaceableBatches = await ReplaceableAsync(ct);
    }

    // Applied uploads with a tracking file that no later upload has replaced.
    Task<List<int>> ReplaceableAsync(CancellationToken ct) =>
        db.Uploads.Where(u => u.Status == UploadStatus.Succeeded && u.Files.Any(f => f.Dataset == Dataset.Tracking))
            .Where(u => !db.Uploads.Any(later => later.ReplacesUploadId == u.Id && later.Status == UploadStatus.Succeeded))
            .OrderByDescending(u => u.Id).Select(u => u.Id).ToListAsync(ct);
}


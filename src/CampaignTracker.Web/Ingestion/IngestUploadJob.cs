using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// Validates and applies one upload. Hangfire delivers it at least once, so the Upload row decides:
/// an atomic claim (Queued → Running) lets one run in, and the data, the snapshots and the
/// "Succeeded" marker commit in one transaction. A run killed halfway leaves no rows and is requeued
/// at start-up (<see cref="UploadRecovery"/>).
/// </summary>
public class IngestUploadJob(CampaignDbContext db, UploadApplier applier, SnapshotRefresher snapshots, TimeProvider clock, ILogger<IngestUploadJob> log)
{
    public async Task RunAsync(int uploadId, CancellationToken ct)
    {
        var claimed = await db.Uploads
            .Where(u => u.Id == uploadId && u.Status == UploadStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, UploadStatus.Running).SetProperty(u => u.StartedAt, clock.GetUtcNow()), ct);
        if (claimed == 0) return;   // already running, done, or unknown: nothing to do

        var upload = await db.Uploads.Include(u => u.Files).SingleAsync(u => u.Id == uploadId, ct);
        var (files, errors, warnings) = await ReadAsync(upload, ct);
        if (errors.Count == 0) errors.AddRange(await applier.CheckReferencesAsync(files, ct));
        upload.RowsRead = files.Sum(f => f.RowCount);
        await db.SaveChangesAsync(ct);
        if (errors.Count > 0)
        {
            await FinishAsync(upload, UploadStatus.Failed, [.. errors.Select(e => e.ToString()), .. warnings], ct);
            log.LogWarning("Upload {UploadId} failed validation with {Count} error(s)", uploadId, errors.Count);
            return;
        }

        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var counts = await applier.ApplyAsync(files, uploadId, ct);
        await snapshots.RefreshAsync(ct);
        upload = await db.Uploads.SingleAsync(u => u.Id == uploadId, ct);
        (upload.RowsInserted, upload.RowsUpdated, upload.RowsUnchanged) = (counts.Inserted, counts.Updated, counts.Unchanged);
        await FinishAsync(upload, UploadStatus.Succeeded, warnings, ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Upload {UploadId} applied in {Seconds:F1} s: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged",
            uploadId, (upload.FinishedAt - upload.StartedAt)?.TotalSeconds, counts.Inserted, counts.Updated, counts.Unchanged);
    }

    async Task<(List<DatasetFile>, List<RowError>, List<string>)> ReadAsync(Upload upload, CancellationToken ct)
    {
        var files = new List<DatasetFile>();
        var errors = new List<RowError>();
        foreach (var file in upload.Files.OrderBy(f => f.Dataset is { } d ? Columns.Order(d) : -1))
        {
            if (file.Dataset is not { } dataset)
            {
                errors.Add(new RowError(file.FileName, 1, "", null,
                    "a header of one of the datasets (influencers, posts, tracking_data, payouts, catalogue)"));
                continue;
            }
            if (dataset == Dataset.Tracking && await EarlierBatchAsync(file, ct) is { } earlier)
            {
                errors.Add(new RowError(file.FileName, 0, "", null, $"this file (same SHA-256) was already applied by upload #{earlier}; its rows are not added twice"));
                continue;
            }
            var read = DatasetFileReader.Read(file.StoredPath, file.FileName, dataset);
            file.RowCount = read.RowCount;
            files.Add(read);
            errors.AddRange(read.Errors);
        }
        return (files, errors, files.SelectMany(f => f.Warnings).ToList());
    }

    // DESIGN.md: a tracking file without ids is a batch; the same bytes twice would double revenue.
    Task<int?> EarlierBatchAsync(UploadFile file, CancellationToken ct) =>
        db.UploadFiles
            .Where(f => f.Sha256 == file.Sha256 && f.Dataset == Dataset.Tracking && f.UploadId != file.UploadId)
            .Join(db.Uploads.Where(u => u.Status == UploadStatus.Succeeded), f => f.UploadId, u => u.Id, (f, u) => (int?)u.Id)
            .FirstOrDefaultAsync(ct);

    async Task FinishAsync(Upload upload, UploadStatus status, IEnumerable<string> messages, CancellationToken ct)
    {
        upload.Status = status;
        upload.FinishedAt = clock.GetUtcNow();
        var text = string.Join('\n', messages);
        upload.Report = text.Length == 0 ? null : text;
        await db.SaveChangesAsync(ct);
    }
}

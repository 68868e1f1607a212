using System.Diagnostics;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion.Sources;
using CampaignTracker.Web.Reporting;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// Validates and applies one upload. Hangfire delivers it at least once, so the Upload row decides:
/// an atomic claim (Queued → Running) lets one run in, and the data, the snapshots and the
/// "Succeeded" marker commit in one transaction. A run killed halfway leaves no rows and is requeued
/// at start-up (<see cref="UploadRecovery"/>). A bad file is an outcome on the row, not an exception.
/// </summary>
public class IngestUploadJob(CampaignDbContext db, UploadApplier applier, SnapshotRefresher snapshots, UploadProgress progress,
    UploadTimings timings, SnapshotCache cache, IngestionLimits limits, IBackgroundJobClient jobs, TimeProvider clock, ILogger<IngestUploadJob> log)
{
    /// <summary>Whether this run applied the upload (for the import command, which evaluates the alerts itself).</summary>
    public bool Applied { get; private set; }

    public async Task RunAsync(int uploadId, CancellationToken ct)
    {
        var token = Guid.NewGuid().ToString();
        var claimed = await db.Uploads
            .Where(u => u.Id == uploadId && u.Status == UploadStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, UploadStatus.Running).SetProperty(u => u.ClaimToken, token)
                .SetProperty(u => u.StartedAt, clock.GetUtcNow()), ct);
        if (claimed == 0) return;   // already running, done, or unknown: nothing to do

        var stopwatch = Stopwatch.StartNew();
        // A core of its own while it runs: users' new views wait for the other one rather than slow the upload (issue 17).
        using var core = Reporting.Cores.OfProcess.ForUpload();
        progress.Report(uploadId, new ProgressReport(UploadPhase.Validating, null, 0, 0));
        List<UploadInput> inputs = [];   // open file sources, disposed in finally
        try
        {
            var upload = await db.Uploads.Include(u => u.Files).SingleAsync(u => u.Id == uploadId, ct);
            var folder = Path.GetDirectoryName(upload.Files.FirstOrDefault()?.StoredPath) ?? Path.GetTempPath();
            using var errors = new ErrorLog(Path.Combine(folder, "errors.csv"));
            var run = new UploadApplier.Run(uploadId, upload.ReplacesUploadId, limits, errors);
            await AddInputsAsync(inputs, upload, folder, run, ct);
            await db.SaveChangesAsync(ct);   // datasets recognised, before the write transaction
            db.ChangeTracker.Clear();

            await db.Database.OpenConnectionAsync(ct);   // one connection for the whole run, so its settings hold
            await SnapshotRefresher.TuneForBulkWriteAsync(db, cacheMegabytes: 32, ct);
            // Foreign keys are not checked row by row: every id written was just looked up in this transaction
            // (UploadApplier), and checking them again cost ~15% of the insert time.
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;", ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            // Inside the write transaction: if a start-up sweep elsewhere requeued this upload and another run
            // claimed it meanwhile, that run owns it now and this one must not apply it a second time.
            if (!await db.Uploads.AnyAsync(u => u.Id == uploadId && u.Status == UploadStatus.Running && u.ClaimToken == token, ct))
            {
                log.LogWarning("Upload {UploadId} was claimed by another run; this run stops", uploadId);
                return;
            }
            // No tracking row stored yet: the upload's own rows, held in memory, are all a rebuild of SalesDaily needs.
            var firstTracking = !await db.TrackingRows.AnyAsync(ct);
            if (errors.Count == 0) await applier.ApplyAsync(inputs, run, ct);
            if (errors.Count > 0)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                await FinishAsync(uploadId, UploadStatus.Failed, run, stopwatch, ct);
                log.LogWarning("Upload {UploadId} refused: {Count} error(s)", uploadId, errors.Count);
                return;
            }
            progress.Report(uploadId, new ProgressReport(UploadPhase.RefreshingKpis, null, run.RowsRead, 1));
            var refresh = PhaseStart.Now();
            // The refresh's memory is SQLite's (page cache, sorter): hand the parsing's freed memory back to the OS first,
            // or both add up at the peak (bench, scale 100: ~400 MB without this).
            if (run.RowsRead > FreedMemory.MinRows) FreedMemory.Release();
            // A tracking batch that only adds rows (the daily case) merges into the snapshots; anything else rebuilds them.
            var appendOnly = inputs.All(i => i.Dataset == Dataset.Tracking) && run.ReplacesUploadId is null && run.Counts.Updated == 0
                             && await snapshots.BuiltAsync(ct);
            var mode = appendOnly
                ? $"incremental ({await snapshots.AppendTrackingAsync(uploadId, ct, run.Sales)})"
                : await snapshots.RefreshAsync(ct, everyTrackingRow: firstTracking ? run.Sales : null);
            run.Sales.Discard();
            log.LogInformation("Upload {UploadId}: KPI snapshots refreshed ({Mode}) in {Seconds:F2} s", uploadId, mode, refresh.Elapsed.TotalSeconds);
            timings.Record(uploadId, $"KPI snapshots, {mode}", 0, refresh);
            // A server that serves pages has the new snapshots in memory when the upload shows as done (issue 17): its users
            // go on with the previous version meanwhile instead of all waiting for the load after the commit.
            var load = PhaseStart.Now();
            if (await cache.PrepareIfServingAsync(db, ct)) timings.Record(uploadId, "snapshots into memory (this server serves pages)", 0, load);
            var commit = PhaseStart.Now();
            await FinishAsync(uploadId, UploadStatus.Succeeded, run, stopwatch, ct);
            await tx.CommitAsync(ct);
            timings.Record(uploadId, "upload row, commit", 0, commit);
            Applied = true;
            // And after it, before the next request or upload.
            if (run.RowsRead > FreedMemory.MinRows) FreedMemory.Release();
            log.LogInformation("Upload {UploadId} applied in {Seconds:F1} s: {Rows} rows read; {Inserted} inserted, {Updated} updated, {Unchanged} unchanged",
                uploadId, stopwatch.Elapsed.TotalSeconds, run.RowsRead, run.Counts.Inserted, run.Counts.Updated, run.Counts.Unchanged);
        }
        catch (OperationCanceledException)
        {
            throw;   // shutting down: the upload stays Running and is requeued at start-up
        }
        catch (Exception e)
        {
            log.LogError(e, "Upload {UploadId} failed", uploadId);
            db.ChangeTracker.Clear();
            using var errorLog = new ErrorLog(Path.Combine(Path.GetTempPath(), $"campaigntracker-upload-{uploadId}-errors.csv"));
            var run = new UploadApplier.Run(uploadId, null, limits, errorLog);
            run.Errors.Add(new RowError("", 0, "", null, $"the upload could not be applied ({e.GetType().Name}: {e.Message}); nothing was changed"));
            await FinishAsync(uploadId, UploadStatus.Failed, run, stopwatch, CancellationToken.None);
        }
        finally
        {
            if (!Applied) cache.DiscardPrepared();
            foreach (var input in inputs) input.Source.Dispose();
            progress.Forget(uploadId);
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = ON;", CancellationToken.None);
            await SnapshotRefresher.EndBulkWriteAsync(db);
            await db.Database.CloseConnectionAsync();
        }
        await cache.WarmIfServingAsync(ct);   // the new snapshots in memory before the next page view asks for them
        // Issue 14: the alert rules run on the new snapshots, in a job of their own (one worker: after this one).
        if (Applied)
        {
            var evaluation = jobs.Enqueue<Alerts.EvaluateAlertsJob>(j => j.RunAsync(CancellationToken.None));
            jobs.ContinueJobWith<Mail.MailJob>(evaluation, j => j.RunAsync(CancellationToken.None));   // the alerts' mails at once, not at the next minute
        }
    }

    // Expands zips, recognises each file's dataset from its header (unless chosen by hand), refuses a tracking batch applied before.
    // Fills the caller's list, which disposes every opened source whatever happens.
    async Task AddInputsAsync(List<UploadInput> inputs, Upload upload, string folder, UploadApplier.Run run, CancellationToken ct)
    {
        foreach (var file in upload.Files)
        {
            try
            {
                foreach (var part in UploadExpander.Expand(file.StoredPath, file.FileName, Path.Combine(folder, "expanded"), limits))
                {
                    // Opened once: the header that recognises the dataset is the one whose rows are applied.
                    var source = TableSources.Open(part.Path, part.FileName, limits, file.DatasetChosenByHand ? file.Dataset?.ToString() : null);
                    var dataset = file.DatasetChosenByHand ? file.Dataset : Columns.Detect(source.Headers);
                    if (dataset is not { } d)
                    {
                        source.Dispose();
                        run.Errors.Add(new RowError(part.FileName, 1, "", null,
                            "a header of one of the datasets: influencers (id, name, category, follower_count, platform), posts (influencer_id, platform, date, url, reach, likes, comments), " +
                            "tracking_data (campaign, influencer_id, product, date, orders, revenue), payouts (influencer_id, basis, rate, total_payout) or catalogue (product, brand)"));
                        continue;
                    }
                    if (part.Path == file.StoredPath) file.Dataset = d;
                    if (d == Dataset.Tracking && await EarlierBatchAsync(file, upload.ReplacesUploadId, ct) is { } earlier)
                    {
                        source.Dispose();
                        run.Errors.Add(new RowError(part.FileName, 0, "", null,
                            $"the same file (SHA-256) as upload #{earlier}, already applied: its orders would count twice. To correct that batch, upload the corrected file as a replacement of #{earlier}"));
                        continue;
                    }
                    inputs.Add(new UploadInput(source, part.FileName, d));
                }
            }
            catch (UnreadableFileException e)
            {
                run.Errors.Add(new RowError(file.FileName, 0, "", null, e.Message));
            }
        }
    }

    // DESIGN.md: a tracking file without ids is a batch; the same bytes twice would double revenue.
    Task<int?> EarlierBatchAsync(UploadFile file, int? replaces, CancellationToken ct) =>
        db.UploadFiles
            .Where(f => f.Sha256 == file.Sha256 && f.Dataset == Dataset.Tracking && f.UploadId != file.UploadId && f.UploadId != replaces)
            .Join(db.Uploads.Where(u => u.Status == UploadStatus.Succeeded), f => f.UploadId, u => u.Id, (f, u) => (int?)u.Id)
            .Where(id => !db.Uploads.Any(later => later.ReplacesUploadId == id && later.Status == UploadStatus.Succeeded))
            .FirstOrDefaultAsync(ct);

    async Task FinishAsync(int uploadId, UploadStatus status, UploadApplier.Run run, Stopwatch stopwatch, CancellationToken ct)
    {
        var upload = await db.Uploads.SingleAsync(u => u.Id == uploadId, ct);
        upload.Status = status;
        upload.FinishedAt = upload.StartedAt is { } started ? started + stopwatch.Elapsed : clock.GetUtcNow();
        upload.RowsRead = (int)Math.Min(run.RowsRead, int.MaxValue);
        (upload.RowsInserted, upload.RowsUpdated, upload.RowsUnchanged) = status == UploadStatus.Succeeded
            ? (run.Counts.Inserted, run.Counts.Updated, run.Counts.Unchanged)
            : (0, 0, 0);
        upload.ErrorCount = run.Errors.Count;
        foreach (var file in await db.UploadFiles.Where(f => f.UploadId == uploadId).ToListAsync(ct))
            file.RowCount = (int)Math.Min(run.RowsPerFile.GetValueOrDefault(file.FileName), int.MaxValue);
        upload.WarningCount = run.Warnings.Count;
        upload.ErrorReportPath = run.Errors.Count > 0 ? run.Errors.ReportPath : null;
        var report = string.Join('\n', [.. run.Errors.First.Select(e => e.ToString()), .. run.Warnings]);
        upload.Report = report.Length == 0 ? null : report;
        await db.SaveChangesAsync(ct);
    }
}

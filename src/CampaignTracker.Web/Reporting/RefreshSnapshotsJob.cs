using Microsoft.EntityFrameworkCore;
using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// An admin's "refresh KPI snapshots now" (after ingestion the upload job refreshes them itself). Rebuilding is
/// idempotent, so Hangfire's at-least-once delivery is harmless; the rebuild commits whole or not at all.
/// </summary>
public class RefreshSnapshotsJob(CampaignDbContext db, SnapshotRefresher snapshots, SnapshotCache cache, ILogger<RefreshSnapshotsJob> log)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await SnapshotRefresher.TuneForBulkWriteAsync(db, cacheMegabytes: 64, ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await snapshots.RefreshAsync(ct);
            await tx.CommitAsync(ct);
        }
        finally
        {
            await SnapshotRefresher.EndBulkWriteAsync(db);
            await db.Database.CloseConnectionAsync();
        }
        log.LogInformation("KPI snapshots refreshed on demand in {Seconds:F1} s", started.Elapsed.TotalSeconds);
        await cache.WarmIfServingAsync(ct);
    }
}

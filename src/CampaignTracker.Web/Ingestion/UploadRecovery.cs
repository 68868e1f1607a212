using CampaignTracker.Web.Data;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// Start-up sweep: an upload left Running was cut off before its transaction committed (no rows were
/// written), so it goes back to Queued; every Queued upload gets a job, whatever the job storage forgot.
/// </summary>
public class UploadRecovery(CampaignDbContext db, IBackgroundJobClient jobs, ILogger<UploadRecovery> log)
{
    public async Task RequeueAsync(CancellationToken ct)
    {
        var interrupted = await db.Uploads.Where(u => u.Status == UploadStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Status, UploadStatus.Queued), ct);
        if (interrupted > 0) log.LogWarning("{Count} upload(s) were interrupted and are queued again", interrupted);

        foreach (var id in await db.Uploads.Where(u => u.Status == UploadStatus.Queued).Select(u => u.Id).ToListAsync(ct))
            Enqueue(jobs, id);
    }

    public static void Enqueue(IBackgroundJobClient jobs, int uploadId) =>
        jobs.Enqueue<IngestUploadJob>(j => j.RunAsync(uploadId, CancellationToken.None));
}

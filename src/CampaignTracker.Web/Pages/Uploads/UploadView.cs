using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion;

namespace CampaignTracker.Web.Pages.Uploads;

/// <summary>An upload as its pages show it: the stored outcome, or the live progress while it runs.</summary>
public sealed record UploadView(Upload Upload, ProgressReport? Live)
{
    public UploadPhase Phase => Upload.Status switch
    {
        UploadStatus.Queued => UploadPhase.Queued,
        UploadStatus.Succeeded => UploadPhase.Done,
        UploadStatus.Failed => UploadPhase.Failed,
        _ => Live?.Phase ?? UploadPhase.Validating,
    };

    public string PhaseText => Phase switch
    {
        UploadPhase.RefreshingKpis => "refreshing KPIs",
        var p => p.ToString().ToLowerInvariant(),
    };

    public long RowsRead => Live?.RowsRead ?? Upload.RowsRead;

    /// <summary>0..100 for the progress bar: bytes read of the file being read while running.</summary>
    public int Percent => Phase switch
    {
        UploadPhase.Done or UploadPhase.Failed => 100,
        UploadPhase.RefreshingKpis => 99,
        UploadPhase.Queued => 0,
        _ => (int)Math.Round((Live?.Fraction ?? 0) * 98),
    };

    /// <summary>"rows read" as the pages show it: with the file's estimated total while it is read.</summary>
    public string RowsText => Live is { File: { } file, FileRowsEstimate: { } total }
        ? $"{Display.Count(RowsRead)} ({file}: {Display.Count(Live.FileRowsRead)} of ~{Display.Count(total)})"
        : Display.Count(RowsRead);

    public TimeSpan? Duration => Upload.FinishedAt - Upload.StartedAt;

    public object Json => new
    {
        id = Upload.Id,
        phase = PhaseText,
        finished = Upload.IsFinished,
        percent = Percent,
        rowsRead = RowsRead,
        file = Live?.File,
        fileRowsRead = Live?.FileRowsRead,
        fileRowsTotal = Live?.FileRowsEstimate,
        inserted = Upload.RowsInserted,
        updated = Upload.RowsUpdated,
        unchanged = Upload.RowsUnchanged,
        errors = Upload.ErrorCount,
        seconds = Duration?.TotalSeconds,
    };
}

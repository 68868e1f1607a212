using System.Collections.Concurrent;

namespace CampaignTracker.Web.Ingestion;

public enum UploadPhase { Queued, Validating, Writing, RefreshingKpis, Done, Failed }

/// <param name="RowsRead">Rows read so far, all files of the upload.</param>
/// <param name="FileRowsRead">Rows read so far in <paramref name="File"/>.</param>
/// <param name="Fraction">How much of <paramref name="File"/> has been read, by bytes.</param>
public sealed record ProgressReport(UploadPhase Phase, string? File, long RowsRead, double Fraction, long FileRowsRead = 0)
{
    /// <summary>The rows the file holds, estimated from its size once a little of it has been read.</summary>
    public long? FileRowsEstimate => Fraction is > 0.01 and < 1 ? (long)(FileRowsRead / Fraction) : Fraction >= 1 ? FileRowsRead : null;
}

/// <summary>
/// Live progress of the uploads this process is applying. It lives in memory because the upload's
/// own row cannot change until its transaction commits (SQLite has one writer); the row holds the outcome.
/// </summary>
public sealed class UploadProgress
{
    readonly ConcurrentDictionary<int, ProgressReport> running = new();

    public void Report(int uploadId, ProgressReport report) => running[uploadId] = report;

    public ProgressReport? Of(int uploadId) => running.TryGetValue(uploadId, out var report) ? report : null;

    public void Forget(int uploadId) => running.TryRemove(uploadId, out _);
}

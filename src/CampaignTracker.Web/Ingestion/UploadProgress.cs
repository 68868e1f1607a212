using System.Collections.Concurrent;

namespace CampaignTracker.Web.Ingestion;

public enum UploadPhase { Queued, Validating, Writing, RefreshingKpis, Done, Failed }

public sealed record ProgressReport(UploadPhase Phase, string? File, long RowsRead, double Fraction);

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

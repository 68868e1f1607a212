using System.Collections.Concurrent;

namespace CampaignTracker.Web.Ingestion;

/// <param name="Rows">The rows the phase read; 0 for a phase that reads no file.</param>
public sealed record PhaseTiming(string Phase, long Rows, TimeSpan Elapsed);

/// <summary>
/// How long each phase of an upload took (each file, the snapshot refresh, the commit), for the bench
/// command (README, Benchmarks). Only uploads that someone watches are recorded, so nothing piles up.
/// </summary>
public sealed class UploadTimings
{
    readonly ConcurrentDictionary<int, ConcurrentQueue<PhaseTiming>> watched = new();

    public void Watch(int uploadId) => watched.TryAdd(uploadId, new());

    public void Record(int uploadId, string phase, long rows, TimeSpan elapsed)
    {
        if (watched.TryGetValue(uploadId, out var phases)) phases.Enqueue(new PhaseTiming(phase, rows, elapsed));
    }

    /// <summary>The phases recorded for the upload, in order; stops watching it.</summary>
    public IReadOnlyList<PhaseTiming> Take(int uploadId) => watched.TryRemove(uploadId, out var phases) ? [.. phases] : [];
}

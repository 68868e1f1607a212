using System.Collections.Concurrent;

namespace CampaignTracker.Web.Ingestion;

/// <param name="Rows">The rows the phase read; 0 for a phase that reads no file.</param>
/// <param name="Cpu">Processor time of the whole process meanwhile, all threads (GC included): steadier than
/// <paramref name="Elapsed"/> on a machine shared with other work.</param>
public sealed record PhaseTiming(string Phase, long Rows, TimeSpan Elapsed, TimeSpan Cpu);

/// <summary>When a phase started, by the clock and by the process's processor time.</summary>
public readonly record struct PhaseStart(long Timestamp, TimeSpan Cpu)
{
    public static PhaseStart Now() => new(System.Diagnostics.Stopwatch.GetTimestamp(), Environment.CpuUsage.TotalTime);

    public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(Timestamp);
}

/// <summary>
/// How long each phase of an upload took (each file, the snapshot refresh, the commit), for the bench
/// command (README, Benchmarks). Only uploads that someone watches are recorded, so nothing piles up.
/// </summary>
public sealed class UploadTimings
{
    readonly ConcurrentDictionary<int, ConcurrentQueue<PhaseTiming>> watched = new();

    public void Watch(int uploadId) => watched.TryAdd(uploadId, new());

    public void Record(int uploadId, string phase, long rows, PhaseStart start)
    {
        if (watched.TryGetValue(uploadId, out var phases))
            phases.Enqueue(new PhaseTiming(phase, rows, start.Elapsed, Environment.CpuUsage.TotalTime - start.Cpu));
    }

    /// <summary>The phases recorded for the upload, in order; stops watching it.</summary>
    public IReadOnlyList<PhaseTiming> Take(int uploadId) => watched.TryRemove(uploadId, out var phases) ? [.. phases] : [];
}

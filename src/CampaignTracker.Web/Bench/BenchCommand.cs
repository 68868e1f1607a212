using System.Diagnostics;
using System.Globalization;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Bench;

/// <summary>
/// `bench [--scale N] [--data DIR]`: ingests generate-demo data at the given scale into a fresh SQLite
/// database through the real pipeline, in two uploads: (A) the first load, all four files in one upload, and
/// (B) the daily case, a later tracking batch alone onto the loaded data. Each is timed per phase next to
/// `sqlite3 .import` of the same tracking CSV, measured in the same run just before it (README, Benchmarks).
/// Run it on a Release build.
/// </summary>
public static class BenchCommand
{
    public sealed record Options(int Scale, string DataFolder);

    /// <summary>Parses the arguments; the web host is then built on <see cref="Options.DataFolder"/>/db.</summary>
    public static Options? Parse(string[] args, TextWriter stderr)
    {
        var scale = 100;
        string? data = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--scale" when i + 1 < args.Length && int.TryParse(args[i + 1], out var s) && s is >= 1 and <= DemoOptions.MaxScale:
                    scale = s; i++; break;
                case "--data" when i + 1 < args.Length:
                    data = args[++i]; break;
                default:
                    stderr.WriteLine($"bench: unexpected argument '{args[i]}'. Usage: bench [--scale 1..{DemoOptions.MaxScale}] [--data DIR]");
                    return null;
            }
        }
        return new Options(scale, Path.GetFullPath(data ?? Path.Combine(Path.GetTempPath(), $"campaigntracker-bench-{scale}")));
    }

    public static string DatabaseFolder(Options options) => Path.Combine(options.DataFolder, "db");

    public static async Task<int> RunAsync(IServiceProvider services, Options options, TextWriter stdout)
    {
        var csv = Path.Combine(options.DataFolder, "csv");
        var asOf = new DateOnly(2025, 7, 21);   // fixed anchor: the same bytes on every run
        var generate = Stopwatch.StartNew();
        var demo = new DemoOptions(options.Scale, AsOf: asOf);
        var files = DemoDataGenerator.Write(csv, demo);
        // The next batch: other rows, on the days after the first file's (its 60 days end at asOf).
        var nextBatch = Path.Combine(options.DataFolder, "csv-next", "tracking_data.csv");
        DemoDataGenerator.WriteTrackingBatch(nextBatch, demo with { Seed = DemoOptions.DefaultSeed + 1, AsOf = asOf.AddDays(DemoDataGenerator.TrackingDays) });
        stdout.WriteLine($"scale {options.Scale}: {demo.InfluencerCount:N0} influencers, {demo.PostCount:N0} posts, {demo.TrackingRowCount:N0} tracking rows, " +
                         $"{demo.PayoutCount:N0} payouts; and a next tracking batch of {demo.TrackingRowCount:N0} rows (generated in {generate.Elapsed.TotalSeconds:F1} s: {options.DataFolder})");

        var first = await MeasureAsync(services, "A. first load: influencers, posts, tracking_data and payouts in one upload, into an empty database",
            files.All, files.TrackingData, demo.TrackingRowCount, options, stdout);
        if (first != 0) return first;
        return await MeasureAsync(services,
            "B. daily case: a later tracking batch alone, onto the loaded influencers, posts, payouts and first batch (its dates are new)",
            [nextBatch], nextBatch, demo.TrackingRowCount, options, stdout);
    }

    static async Task<int> MeasureAsync(IServiceProvider services, string title, IReadOnlyList<string> paths, string trackingCsv, long trackingRows,
        Options options, TextWriter stdout)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = SqliteImport(trackingCsv, options.DataFolder);

        var timings = services.GetRequiredService<UploadTimings>();
        int uploadId;
        var store = Stopwatch.StartNew();   // done by the upload request, before the job: reported apart
        using (var scope = services.CreateScope())
            uploadId = (await scope.ServiceProvider.GetRequiredService<UploadStore>().StorePathsAsync(paths, "bench", CancellationToken.None)).Id;
        store.Stop();
        timings.Watch(uploadId);
        var progress = services.GetRequiredService<UploadProgress>();
        using var sampler = new PeakMemory(() => progress.Of(uploadId) is { } p ? p.File ?? p.Phase.ToString() : "other");
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var wall = Stopwatch.StartNew();
        using (var scope = services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IngestUploadJob>().RunAsync(uploadId, CancellationToken.None);
        wall.Stop();
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        var peak = sampler.Stop();
        var phases = timings.Take(uploadId);

        using var check = services.CreateScope();
        var result = await check.ServiceProvider.GetRequiredService<CampaignDbContext>().Uploads.AsNoTracking().SingleAsync(u => u.Id == uploadId);
        stdout.WriteLine();
        stdout.WriteLine(title);
        stdout.WriteLine(Line("(before the job: store the files, SHA-256; not counted below)", 0, store.Elapsed.TotalSeconds));
        if (result.Status != UploadStatus.Succeeded)
        {
            stdout.WriteLine($"bench: the upload failed: {result.Report}");
            return 1;
        }
        var seconds = wall.Elapsed.TotalSeconds;
        var other = wall.Elapsed - phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Elapsed);
        var otherCpu = cpu - phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Cpu);
        stdout.WriteLine($"  {"phase",-58} {"rows",10} {"time",10} {"rows/s",10}   {"CPU (all threads)",17}");
        foreach (var phase in phases)
            stdout.WriteLine(Line(phase.Phase, phase.Rows, phase.Elapsed.TotalSeconds, phase.Cpu.TotalSeconds));
        stdout.WriteLine(Line("claim, open and recognise files, reads", 0, other.TotalSeconds, otherCpu.TotalSeconds));
        stdout.WriteLine(Line("whole upload, end to end", result.RowsRead, seconds, cpu.TotalSeconds));
        stdout.WriteLine($"  tracking rows/s end to end   {trackingRows / seconds,12:N0}   ({trackingRows:N0} tracking rows / whole upload time)");
        stdout.WriteLine($"  peak working set             {peak / (1024 * 1024),12:N0} MB (whole process, sampled every 20 ms during the upload); by phase: " +
                         string.Join(", ", sampler.ByPhase.Select(p => $"{p.Key} {p.Value / (1024 * 1024):N0} MB")) +
                         $"; at the peak the managed heap held {sampler.AtPeak.Managed / (1024 * 1024):N0} MB and SQLite {sampler.AtPeak.Sqlite / (1024 * 1024):N0} MB");
        if (baseline is { } b)
        {
            stdout.WriteLine($"  sqlite3 .import              {b.TotalSeconds,10:F2} s = {trackingRows / b.TotalSeconds:N0} rows/s: {Path.GetFileName(trackingCsv)} alone, into a bare table " +
                             "(no validation, no indexes, no snapshots)");
            stdout.WriteLine($"  ratio                        {seconds / b.TotalSeconds,10:F2}× (whole upload / sqlite3 .import, measured just before it)");
        }
        else stdout.WriteLine("  sqlite3 .import              not measured: the sqlite3 command is not installed (apt-get install sqlite3)");

        // Issue 14: the alert job that follows every upload (its own Hangfire job, not part of the upload's time). The web
        // server loads the new snapshots into memory right after an upload (SnapshotCache.WarmIfServingAsync), before the
        // job runs; this process serves nothing, so that load is timed here on its own.
        using (var scope = services.CreateScope())
        {
            var load = Stopwatch.StartNew();
            await scope.ServiceProvider.GetRequiredService<Reporting.Reports>().CubeAsync(CancellationToken.None);
            stdout.WriteLine($"  snapshots into memory        {load.Elapsed.TotalSeconds,10:F2} s: what the web server does after every upload, before the alert job");
        }
        using (var scope = services.CreateScope())
        {
            var alerts = await scope.ServiceProvider.GetRequiredService<Alerts.EvaluateAlertsJob>().RunAsync(CancellationToken.None);
            stdout.WriteLine($"  alert evaluation (after it)  {alerts.Took.TotalSeconds,10:F2} s: every rule on the new snapshots; {alerts.Opened:N0} new, " +
                             $"{alerts.Updated:N0} seen again, {alerts.Resolved:N0} resolved, {alerts.Open:N0} not resolved (target: under 10 s)");
            stdout.WriteLine("    " + string.Join(", ", alerts.Phases.Select(p => $"{p.Phase} {p.Took.TotalSeconds:F2} s")));
        }
        return 0;
    }

    static string Line(string phase, long rows, double seconds, double? cpu = null) =>
        $"  {phase,-58} {(rows == 0 ? "" : rows.ToString("N0", CultureInfo.InvariantCulture)),10} {seconds,8:F2} s {(rows == 0 ? "" : (rows / seconds).ToString("N0", CultureInfo.InvariantCulture)),10}" +
        (cpu is { } c ? $"   {c,15:F2} s" : "");

    static TimeSpan? SqliteImport(string trackingCsv, string folder)
    {
        var db = Path.Combine(folder, "sqlite3-import.db");
        File.Delete(db);
        try
        {
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(new ProcessStartInfo("sqlite3", [db, "-cmd", "PRAGMA journal_mode=WAL;", ".import --csv " + Quote(trackingCsv) + " tracking"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true,
            })!;
            process.WaitForExit();
            watch.Stop();
            return process.ExitCode == 0 ? watch.Elapsed : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        finally { File.Delete(db); }
    }

    static string Quote(string path) => "\"" + path.Replace("\"", "\"\"") + "\"";

    /// <summary>Samples the process working set until stopped and keeps the largest value, overall and per phase.</summary>
    sealed class PeakMemory : IDisposable
    {
        readonly Timer timer;
        readonly Func<string> phase;
        readonly Dictionary<string, long> byPhase = [];
        long peak;

        /// <summary>At the peak sample: the managed heap (allocated, collected or not) and SQLite's own allocations.</summary>
        public (long Managed, long Sqlite) AtPeak { get; private set; }

        public PeakMemory(Func<string> phase)
        {
            this.phase = phase;
            timer = new Timer(_ => Sample(), null, 0, 20);
        }

        void Sample()
        {
            var now = Environment.WorkingSet;
            lock (byPhase)
            {
                if (now > peak) AtPeak = (GC.GetTotalMemory(forceFullCollection: false), SQLitePCL.raw.sqlite3_memory_used());
                peak = Math.Max(peak, now);
                var name = phase();
                byPhase[name] = Math.Max(byPhase.GetValueOrDefault(name), now);
            }
        }

        public long Stop()
        {
            timer.Dispose();
            Sample();
            lock (byPhase) return peak;
        }

        public IReadOnlyDictionary<string, long> ByPhase { get { lock (byPhase) return new Dictionary<string, long>(byPhase); } }

        public void Dispose() => timer.Dispose();
    }
}

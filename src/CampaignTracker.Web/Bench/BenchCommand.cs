using System.Diagnostics;
using System.Globalization;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Bench;

/// <summary>
/// `bench [--scale N] [--data DIR]`: ingests generate-demo data at the given scale into a fresh SQLite
/// database through the real pipeline, and times `sqlite3 .import` of the same tracking CSV in the same
/// run as the baseline (README, Benchmarks). Run it on a Release build.
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
        var files = DemoDataGenerator.Write(csv, new DemoOptions(options.Scale, AsOf: asOf));
        stdout.WriteLine($"generated scale {options.Scale} in {generate.Elapsed.TotalSeconds:F1} s: {csv}");
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var baseline = SqliteImport(files.TrackingData, options.DataFolder);

        using var sampler = new PeakMemory();
        var wall = Stopwatch.StartNew();
        int uploadId;
        using (var scope = services.CreateScope())
        {
            var upload = await scope.ServiceProvider.GetRequiredService<UploadStore>().StorePathsAsync(files.All, "bench", CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<IngestUploadJob>().RunAsync(upload.Id, CancellationToken.None);
            uploadId = upload.Id;
        }
        wall.Stop();
        var peak = sampler.Stop();

        using var check = services.CreateScope();
        var result = await check.ServiceProvider.GetRequiredService<CampaignDbContext>().Uploads.AsNoTracking().SingleAsync(u => u.Id == uploadId);
        if (result.Status != UploadStatus.Succeeded)
        {
            stdout.WriteLine($"bench: the upload failed: {result.Report}");
            return 1;
        }
        var trackingRows = new DemoOptions(options.Scale).TrackingRowCount;
        var seconds = wall.Elapsed.TotalSeconds;
        stdout.WriteLine();
        stdout.WriteLine($"ingestion, scale {options.Scale} (SQLite, one upload of four files: validate, write, refresh KPI snapshots)");
        stdout.WriteLine($"  rows read            {result.RowsRead.ToString("N0", CultureInfo.InvariantCulture)} in {seconds:F2} s = {result.RowsRead / seconds:N0} rows/s");
        stdout.WriteLine($"  tracking rows        {trackingRows:N0} → {trackingRows / seconds:N0} tracking rows/s end to end");
        stdout.WriteLine($"  peak working set     {peak / (1024 * 1024):N0} MB (sampled every 20 ms during ingestion)");
        if (baseline is { } b)
        {
            stdout.WriteLine($"  sqlite3 .import      tracking_data.csv alone in {b.TotalSeconds:F2} s = {trackingRows / b.TotalSeconds:N0} rows/s (no validation, no indexes)");
            stdout.WriteLine($"  ratio                whole upload / sqlite3 .import of the tracking file = {seconds / b.TotalSeconds:F2}×");
        }
        else stdout.WriteLine("  sqlite3 .import      not measured: the sqlite3 command is not installed (apt-get install sqlite3)");
        return 0;
    }

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

    /// <summary>Samples the process working set until stopped and keeps the largest value.</summary>
    sealed class PeakMemory : IDisposable
    {
        readonly Timer timer;
        long peak;

        public PeakMemory() => timer = new Timer(_ => Interlocked.Exchange(ref peak, Math.Max(Interlocked.Read(ref peak), Environment.WorkingSet)), null, 0, 20);

        public long Stop()
        {
            timer.Dispose();
            return Math.Max(Interlocked.Read(ref peak), Environment.WorkingSet);
        }

        public void Dispose() => timer.Dispose();
    }
}

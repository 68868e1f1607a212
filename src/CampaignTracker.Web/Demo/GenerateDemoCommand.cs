using System.Diagnostics;
using System.Globalization;

namespace CampaignTracker.Web.Demo;

/// <summary><c>generate-demo --out DIR [--scale N] [--seed S] [--as-of yyyy-MM-dd]</c>: writes the demo CSVs for a benchmark or a fresh install.</summary>
public static class GenerateDemoCommand
{
    public const int BadArguments = 2;
    public const int WriteFailed = 1;

    static readonly string Usage = "usage: generate-demo --out DIR [--scale N] [--seed S] [--as-of yyyy-MM-dd]\n"
        + $"  --scale  1..{DemoOptions.MaxScale}, default 1 (500 influencers, 10,000 posts, 15,000 tracking rows, 500 payouts per unit)\n"
        + $"  --seed   any integer, default {DemoOptions.DefaultSeed}; the same seed, scale and --as-of give byte-identical files\n"
        + "  --as-of  last day of the data, default today (UTC)";

    /// <param name="args">What follows the word <c>generate-demo</c>.</param>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args is ["--help"] or ["-h"])
        {
            stdout.WriteLine(Usage);
            return 0;
        }

        var error = Parse(args, out var directory, out var options);
        if (error is not null)
        {
            stderr.WriteLine($"generate-demo: {error}");
            stderr.WriteLine(Usage);
            return BadArguments;
        }

        var clock = Stopwatch.StartNew();
        DemoFiles files;
        try
        {
            files = DemoDataGenerator.Write(directory, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"generate-demo: could not write to {directory}: {e.Message}");
            return WriteFailed;
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote demo data (scale {options.Scale}, seed {options.Seed}, as of {options.AsOf:yyyy-MM-dd}) to {Path.GetFullPath(directory)} in {clock.Elapsed.TotalSeconds:0.00} s"));
        Report(stdout, files.Influencers, options.InfluencerCount);
        Report(stdout, files.Posts, options.PostCount);
        Report(stdout, files.TrackingData, options.TrackingRowCount);
        Report(stdout, files.Payouts, options.PayoutCount);
        return 0;
    }

    /// <returns>What is wrong with the arguments, or null when they are fine.</returns>
    static string? Parse(string[] args, out string directory, out DemoOptions options)
    {
        directory = "";
        // Resolved here rather than in the generator so the report can say which day the data ends on.
        options = new DemoOptions(AsOf: DateOnly.FromDateTime(DateTime.UtcNow));
        string? outDirectory = null;

        for (var i = 0; i < args.Length; i += 2)
        {
            var name = args[i];
            if (name is not ("--out" or "--scale" or "--seed" or "--as-of")) return $"unknown argument '{name}'";
            if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) return $"{name} needs a value";
            var value = args[i + 1];

            switch (name)
            {
                case "--out" when string.IsNullOrWhiteSpace(value):
                    return "--out needs a directory";
                case "--out":
                    outDirectory = value;
                    break;
                case "--scale" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var scale)
                                    && scale is >= 1 and <= DemoOptions.MaxScale:
                    options = options with { Scale = scale };
                    break;
                case "--scale":
                    return $"--scale must be a whole number from 1 to {DemoOptions.MaxScale}, not '{value}'";
                case "--seed" when int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed):
                    options = options with { Seed = seed };
                    break;
                case "--seed":
                    return $"--seed must be a whole number, not '{value}'";
                case "--as-of" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asOf):
                    options = options with { AsOf = asOf };
                    break;
                case "--as-of":
                    return $"--as-of must be a date as yyyy-MM-dd, not '{value}'";
            }
        }

        if (outDirectory is null) return "--out DIR is required";
        directory = outDirectory;
        return null;
    }

    static void Report(TextWriter stdout, string path, int rows) =>
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Path.GetFileName(path),-18} {rows,12:N0} rows {Size(new FileInfo(path).Length),10}"));

    static string Size(long bytes) => bytes < 1_048_576
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1_048_576.0:0.0} MB");
}

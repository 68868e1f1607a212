using System.Globalization;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>
/// What one upload may cost the server. Settings under "Ingestion:" override the defaults. The `import` command
/// takes files up to Ingestion:MaxImportFileBytes instead of MaxFileBytes: an operator on the server's own disk
/// does not hold a web request open, and a scale-100 demo posts.csv (110 MB) is over the web limit.
/// </summary>
public sealed record IngestionLimits(
    long MaxFileBytes = 100L * 1024 * 1024,
    long MaxRows = 5_000_000,
    long MaxUncompressedBytes = 1024L * 1024 * 1024,
    int MaxCompressionRatio = 100,
    long MaxRowsGroupedInMemory = BatchSales.DefaultMaxRows)
{
    public const long DefaultMaxImportFileBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>The setting <see cref="MaxFileBytes"/> came from, named when a file is refused for its size.</summary>
    public string MaxFileBytesKey { get; init; } = "Ingestion:" + nameof(MaxFileBytes);

    /// <param name="configuration">The app's configuration.</param>
    /// <param name="forImport">The limits of the `import` command: MaxFileBytes is Ingestion:MaxImportFileBytes.</param>
    public static IngestionLimits From(IConfiguration configuration, bool forImport = false)
    {
        var section = configuration.GetSection("Ingestion");
        var defaults = new IngestionLimits();
        var limits = new IngestionLimits(
            Positive(section, nameof(MaxFileBytes), defaults.MaxFileBytes),
            Positive(section, nameof(MaxRows), defaults.MaxRows),
            Positive(section, nameof(MaxUncompressedBytes), defaults.MaxUncompressedBytes),
            (int)Math.Min(Positive(section, nameof(MaxCompressionRatio), defaults.MaxCompressionRatio), int.MaxValue),
            Positive(section, nameof(MaxRowsGroupedInMemory), defaults.MaxRowsGroupedInMemory));
        return forImport
            ? limits with { MaxFileBytes = Positive(section, "MaxImportFileBytes", DefaultMaxImportFileBytes), MaxFileBytesKey = "Ingestion:MaxImportFileBytes" }
            : limits;
    }

    static long Positive(IConfigurationSection section, string key, long fallback)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return long.TryParse(text.Replace("_", ""), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"Ingestion:{key} is '{text}'; expected a whole number above 0");
    }
}

/// <summary>Sizes as people read them in messages: "130.5 MB".</summary>
static class Sizes
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => Unit(bytes, 1L << 30, "GB"),
        >= 1L << 20 => Unit(bytes, 1L << 20, "MB"),
        >= 1L << 10 => Unit(bytes, 1L << 10, "KB"),
        _ => $"{bytes} bytes",
    };

    static string Unit(long bytes, long unit, string name) =>
        $"{Math.Round((double)bytes / unit, 1).ToString("0.#", CultureInfo.InvariantCulture)} {name}";
}

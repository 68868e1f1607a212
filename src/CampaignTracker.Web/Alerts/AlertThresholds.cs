using System.Globalization;

namespace CampaignTracker.Web.Alerts;

/// <summary>What kind of number a threshold is: it decides the unit shown and the values allowed.</summary>
public enum ThresholdKind { Days, Count, Rupees, Percent, Multiplier, Ratio }

/// <summary>One threshold of <see cref="AlertSettings"/> as an admin reads and edits it on Settings.</summary>
public sealed record AlertThreshold(string Name, string Label, ThresholdKind Kind, string Help)
{
    public decimal Default => new AlertSettings().Value(Name);

    public string Unit => Kind switch
    {
        ThresholdKind.Days => "days",
        ThresholdKind.Count => "",
        ThresholdKind.Rupees => "₹",
        ThresholdKind.Percent => "%",
        _ => "×",
    };

    /// <summary>Whole numbers for days and counts; paise for rupees; otherwise up to 4 decimals.</summary>
    public string Step => Kind switch { ThresholdKind.Days or ThresholdKind.Count => "1", ThresholdKind.Rupees => "0.01", _ => "0.0001" };

    /// <summary>A value with its unit, as a label shows it: "30 days", "₹1000", "30%", "4×".</summary>
    public string Format(decimal value) => Kind switch
    {
        ThresholdKind.Days => $"{Text(value)} days",
        ThresholdKind.Rupees => $"₹{Text(value)}",
        ThresholdKind.Count => Text(value),
        _ => Text(value) + Unit,
    };

    /// <summary>The value as stored and typed: invariant, no trailing zeros.</summary>
    public static string Text(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>The value typed in, or what is wrong with it (a sentence naming the threshold).</summary>
    public (decimal? Value, string? Error) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, $"{Label}: a value is required (the default is {Text(Default)}).");
        if (!decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return (null, $"{Label}: '{text.Trim()}' is not a number.");
        var error = Kind switch
        {
            ThresholdKind.Days when value != decimal.Truncate(value) || value < 1 => "a whole number of days, at least 1",
            ThresholdKind.Count when value != decimal.Truncate(value) || value < 1 => "a whole number, at least 1",
            ThresholdKind.Percent when value is < 0 or > 100 => "a percentage between 0 and 100",
            ThresholdKind.Multiplier when value <= 0 => "a number above 0",
            ThresholdKind.Rupees or ThresholdKind.Ratio when value < 0 => "an amount of 0 or more",
            _ => null,
        };
        // Whole numbers are stored as int by AlertSettings.From: keep them in its range.
        if (error is null && Kind is ThresholdKind.Days or ThresholdKind.Count && value > 100_000) error = "at most 100,000";
        return error is null ? (value, null) : (null, $"{Label} must be {error}; '{text.Trim()}' is not.");
    }
}

/// <summary>
/// The thresholds of issue 14 in the order Settings lists them, each in words with its unit and the values it
/// accepts. Every name of <see cref="AlertSettings.Names"/> has exactly one (a test checks).
/// </summary>
public static class AlertThresholds
{
    public static readonly IReadOnlyList<AlertThreshold> All =
    [
        new(nameof(AlertSettings.Window), "iROAS window", ThresholdKind.Days, "Days judged by the iROAS rule, ending on the last day with tracking data."),
        new(nameof(AlertSettings.IroasTarget), "iROAS target", ThresholdKind.Ratio, "A campaign or brand whose iROAS over the window is under this is flagged; a brand's own target below wins."),
        new(nameof(AlertSettings.IroasMinPayout), "Minimum payout judged by the iROAS rule", ThresholdKind.Rupees, "A campaign or brand paid less than this in the window is not judged: a ratio of small numbers is noise."),
        new(nameof(AlertSettings.DiscrepancyRupees), "Payout discrepancy, amount", ThresholdKind.Rupees, "Declared and earned payout differ by more than this amount…"),
        new(nameof(AlertSettings.DiscrepancyPercent), "Payout discrepancy, share of earned payout", ThresholdKind.Percent, "…and by more than this share of the earned payout."),
        new(nameof(AlertSettings.StaleDays), "Stale data after", ThresholdKind.Days, "No tracking data for this many days before today."),
        new(nameof(AlertSettings.StaleUploadDays), "No upload for", ThresholdKind.Days, "No successful upload for this many days."),
        new(nameof(AlertSettings.BandDays), "Spike and drop: days of history", ThresholdKind.Days, "The days before a day that make its normal band (median ± k × MAD)."),
        new(nameof(AlertSettings.BandMinDays), "Spike and drop: fewest days of history", ThresholdKind.Days, "With fewer days of history a day is not judged."),
        new(nameof(AlertSettings.BandK), "Spike and drop: band width k", ThresholdKind.Multiplier, "A day outside median ± k × MAD of its history is a spike or a drop."),
        new(nameof(AlertSettings.RobustZ), "Implausible engagement: robust z", ThresholdKind.Multiplier, "An influencer's ln ERR this many robust standard deviations (1.4826 × MAD) from their persona's median is implausible."),
        new(nameof(AlertSettings.PersonaMinInfluencers), "Implausible engagement: fewest influencers in a persona", ThresholdKind.Count, "Smaller personas are not judged."),
        new(nameof(AlertSettings.ConcentrationMinOrders), "Order concentration: fewest orders", ThresholdKind.Count, "Influencers with fewer tracked orders are not judged."),
        new(nameof(AlertSettings.UserSharePercent), "Order concentration: one user's share", ThresholdKind.Percent, "One user_id accounting for more than this share of an influencer's orders is suspicious."),
        new(nameof(AlertSettings.DaySharePercent), "Order concentration: one day's share", ThresholdKind.Percent, "One day accounting for more than this share of an influencer's orders is suspicious."),
    ];

    /// <summary>What a per-brand iROAS target typed in means: empty is the default target, otherwise a ratio of 0 or more.</summary>
    public static (decimal? Value, string? Error) ParseBrandTarget(string brand, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var target = All.Single(t => t.Name == nameof(AlertSettings.IroasTarget)) with { Label = $"iROAS target of {brand}" };
        return target.Parse(text);
    }
}

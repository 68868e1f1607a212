using System.Globalization;

namespace CampaignTracker.Web.Alerts;

/// <summary>
/// The thresholds of the alert rules (issue 14), with their defaults. Admins edit them on Settings: each is a setting
/// under the key "Alerts:NAME" (SettingsStore, audited); a rule is switched off with "Alerts:RULE:Enabled" = false.
/// The iROAS target is per brand: "Alerts:IroasTarget:BRAND" over <see cref="IroasTarget"/>.
/// </summary>
public sealed record AlertSettings
{
    /// <summary>Days of the iROAS rule's window, ending on the last day with tracking data.</summary>
    public int Window { get; init; } = 30;
    public decimal IroasTarget { get; init; } = 1.0m;

    /// <summary>A campaign or brand paid less than this in the window is not judged.</summary>
    public decimal IroasMinPayout { get; init; } = 1_000m;
    public decimal DiscrepancyRupees { get; init; } = 1m;
    public decimal DiscrepancyPercent { get; init; } = 1m;
    public int StaleDays { get; init; } = 3;
    public int StaleUploadDays { get; init; } = 7;
    public int BandDays { get; init; } = 28;
    public int BandMinDays { get; init; } = 14;
    public decimal BandK { get; init; } = 4m;
    public decimal RobustZ { get; init; } = 3.5m;
    public int PersonaMinInfluencers { get; init; } = 10;
    public int ConcentrationMinOrders { get; init; } = 20;
    public decimal UserSharePercent { get; init; } = 30m;
    public decimal DaySharePercent { get; init; } = 50m;

    /// <summary>Per brand name: the iROAS target where it differs from <see cref="IroasTarget"/>.</summary>
    public IReadOnlyDictionary<string, decimal> BrandIroasTargets { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Rule names switched off.</summary>
    public IReadOnlySet<string> Disabled { get; init; } = new HashSet<string>();

    public bool IsEnabled(string rule) => !Disabled.Contains(rule);

    public decimal IroasTargetOf(string brand) => BrandIroasTargets.TryGetValue(brand, out var target) ? target : IroasTarget;

    public const string Prefix = "Alerts:";

    /// <summary>The numeric thresholds by setting name (without the prefix), for the Settings page and <see cref="From"/>.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        nameof(Window), nameof(IroasTarget), nameof(IroasMinPayout), nameof(DiscrepancyRupees), nameof(DiscrepancyPercent),
        nameof(StaleDays), nameof(StaleUploadDays), nameof(BandDays), nameof(BandMinDays), nameof(BandK), nameof(RobustZ),
        nameof(PersonaMinInfluencers), nameof(ConcentrationMinOrders), nameof(UserSharePercent), nameof(DaySharePercent),
    ];

    public static string EnabledKey(string rule) => $"{Prefix}{rule}:Enabled";

    public static string BrandTargetKey(string brand) => $"{Prefix}IroasTarget:{brand}";

    /// <summary>The value of a threshold by its name, as the Settings page shows it.</summary>
    public decimal Value(string name) => name switch
    {
        nameof(Window) => Window, nameof(IroasTarget) => IroasTarget, nameof(IroasMinPayout) => IroasMinPayout,
        nameof(DiscrepancyRupees) => DiscrepancyRupees, nameof(DiscrepancyPercent) => DiscrepancyPercent,
        nameof(StaleDays) => StaleDays, nameof(StaleUploadDays) => StaleUploadDays, nameof(BandDays) => BandDays,
        nameof(BandMinDays) => BandMinDays, nameof(BandK) => BandK, nameof(RobustZ) => RobustZ,
        nameof(PersonaMinInfluencers) => PersonaMinInfluencers, nameof(ConcentrationMinOrders) => ConcentrationMinOrders,
        nameof(UserSharePercent) => UserSharePercent, nameof(DaySharePercent) => DaySharePercent,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such alert threshold"),
    };

    /// <summary>Defaults overridden by the stored settings (keys as above); a value that does not parse keeps its default.</summary>
    public static AlertSettings From(IReadOnlyDictionary<string, string> settings)
    {
        decimal Number(string name, decimal fallback) =>
            settings.TryGetValue(Prefix + name, out var text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : fallback;
        int Whole(string name, int fallback) => (int)Number(name, fallback);

        var defaults = new AlertSettings();
        return new AlertSettings
        {
            Window = Whole(nameof(Window), defaults.Window),
            IroasTarget = Number(nameof(IroasTarget), defaults.IroasTarget),
            IroasMinPayout = Number(nameof(IroasMinPayout), defaults.IroasMinPayout),
            DiscrepancyRupees = Number(nameof(DiscrepancyRupees), defaults.DiscrepancyRupees),
            DiscrepancyPercent = Number(nameof(DiscrepancyPercent), defaults.DiscrepancyPercent),
            StaleDays = Whole(nameof(StaleDays), defaults.StaleDays),
            StaleUploadDays = Whole(nameof(StaleUploadDays), defaults.StaleUploadDays),
            BandDays = Whole(nameof(BandDays), defaults.BandDays),
            BandMinDays = Whole(nameof(BandMinDays), defaults.BandMinDays),
            BandK = Number(nameof(BandK), defaults.BandK),
            RobustZ = Number(nameof(RobustZ), defaults.RobustZ),
            PersonaMinInfluencers = Whole(nameof(PersonaMinInfluencers), defaults.PersonaMinInfluencers),
            ConcentrationMinOrders = Whole(nameof(ConcentrationMinOrders), defaults.ConcentrationMinOrders),
            UserSharePercent = Number(nameof(UserSharePercent), defaults.UserSharePercent),
            DaySharePercent = Number(nameof(DaySharePercent), defaults.DaySharePercent),
            BrandIroasTargets = settings.Where(s => s.Key.StartsWith(Prefix + "IroasTarget:", StringComparison.Ordinal))
                .Where(s => decimal.TryParse(s.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out _))
                .ToDictionary(s => s.Key[(Prefix.Length + "IroasTarget:".Length)..], s => decimal.Parse(s.Value, CultureInfo.InvariantCulture)),
            Disabled = AlertRules.Titles.Keys.Where(rule => settings.TryGetValue(EnabledKey(rule), out var on) && on.Equals("false", StringComparison.OrdinalIgnoreCase)).ToHashSet(),
        };
    }
}

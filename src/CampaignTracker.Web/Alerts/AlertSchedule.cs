using System.Globalization;

namespace CampaignTracker.Web.Alerts;

/// <summary>When the daily evaluation runs: Alerts:DailyAt, "HH:mm" in UTC (default 06:00).</summary>
public static class AlertSchedule
{
    public const string Key = "Alerts:DailyAt";

    public static (int Hour, int Minute) DailyAt(IConfiguration config)
    {
        var text = config[Key];
        if (string.IsNullOrWhiteSpace(text)) return (6, 0);
        return TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? (at.Hour, at.Minute)
            : throw new InvalidOperationException($"{Key} is '{text}'; expected a UTC time of day such as 06:00");
    }
}

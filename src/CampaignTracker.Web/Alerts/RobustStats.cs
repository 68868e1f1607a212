namespace CampaignTracker.Web.Alerts;

/// <summary>
/// The statistics of the alert rules (issue 14), in one place and unit-tested against hand-computed values: a band of
/// median ± k × MAD around a history, a robust z-score on the log scale, and a share of a total.
/// </summary>
public static class RobustStats
{
    /// <summary>Scales the MAD to a normal distribution's standard deviation, so a robust z reads like a z-score.</summary>
    public const double NormalMad = 1.4826;

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("the median of nothing", nameof(values));
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Median absolute deviation from the median (unscaled).</summary>
    public static double Mad(IReadOnlyList<double> values)
    {
        var median = Median(values);
        return Median(values.Select(v => Math.Abs(v - median)).ToArray());
    }

    /// <summary>median ± k × MAD of <paramref name="history"/>, or why there is none: too little history, or no spread in it.</summary>
    public static Band BandOf(IReadOnlyList<double> history, double k, int minDays)
    {
        if (history.Count < minDays) return Band.None($"{history.Count} days of history, fewer than the {minDays} needed");
        var (median, mad) = (Median(history), Mad(history));
        if (mad == 0) return Band.None("no spread in its history (MAD = 0)");
        return new Band(median, mad, median - k * mad, median + k * mad, null);
    }

    /// <summary>(ln x − median ln) ÷ (1.4826 × MAD of ln) of a value among <paramref name="peers"/> (all positive); null without spread.</summary>
    public static double? LogRobustZ(double value, IReadOnlyList<double> peers) => LogScale.Of(peers).Z(value);

    /// <summary>The median and MAD of the logs of a group, computed once for all its members' robust z.</summary>
    public sealed record LogScale(double Median, double Mad)
    {
        public static LogScale Of(IReadOnlyList<double> values)
        {
            var logs = values.Select(v => Math.Log(v)).ToArray();
            return new LogScale(RobustStats.Median(logs), RobustStats.Mad(logs));
        }

        public double? Z(double value) => Mad == 0 ? null : (Math.Log(value) - Median) / (NormalMad * Mad);
    }

    /// <summary>part ÷ whole × 100; 0 of nothing.</summary>
    public static decimal SharePercent(long part, long whole) => whole == 0 ? 0 : part * 100m / whole;
}

/// <param name="Reason">Why there is no band (too little history, no spread); null when there is one.</param>
public sealed record Band(double Median, double Mad, double Low, double High, string? Reason)
{
    public static Band None(string reason) => new(0, 0, 0, 0, reason);

    public bool Exists => Reason is null;
}

/// <summary>
/// Weighted Misra–Gries with k counters: after every item, the users above 1/(k + 1) of the weight are among them, and
/// each counter undercounts its user by at most (total − Σ counters) ÷ (k + 1).
/// </summary>
public sealed class HeavyHitters(int k)
{
    readonly List<(string User, long Weight)> counters = new(k);

    public IEnumerable<string> Users => counters.Select(c => c.User);

    /// <summary>The weight of every item added.</summary>
    public long Total { get; private set; }

    /// <summary>Whether some user may weigh more than <paramref name="threshold"/>: its counter plus the most it undercounts.</summary>
    public bool MayExceed(decimal threshold)
    {
        var undercount = (decimal)(Total - counters.Sum(c => c.Weight)) / (k + 1);
        return counters.Any(c => c.Weight + undercount > threshold);
    }

    public void Add(string user, long weight)
    {
        Total += weight;
        var at = counters.FindIndex(c => c.User == user);
        if (at >= 0)
        {
            counters[at] = (user, counters[at].Weight + weight);
            return;
        }
        if (counters.Count < k)
        {
            counters.Add((user, weight));
            return;
        }
        var cut = Math.Min(weight, counters.Min(c => c.Weight));
        for (var i = counters.Count - 1; i >= 0; i--)
        {
            counters[i] = (counters[i].User, counters[i].Weight - cut);
            if (counters[i].Weight == 0) counters.RemoveAt(i);
        }
        if (weight > cut) counters.Add((user, weight - cut));
    }
}

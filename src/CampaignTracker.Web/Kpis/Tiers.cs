namespace CampaignTracker.Web.Kpis;

public enum Tier { Nano, Micro, Mid, Macro, Mega }

/// <summary>DESIGN.md, Derived dimensions: nano &lt; 10k ≤ micro &lt; 100k ≤ mid &lt; 500k ≤ macro &lt; 1M ≤ mega.</summary>
public static class Tiers
{
    /// <summary>The lowest follower count of each tier above nano, in order.</summary>
    static readonly (long From, Tier Tier)[] Boundaries = [(10_000, Tier.Micro), (100_000, Tier.Mid), (500_000, Tier.Macro), (1_000_000, Tier.Mega)];

    public static Tier Of(long followers) => Boundaries.LastOrDefault(b => followers >= b.From, (0, Tier.Nano)).Tier;

    /// <summary>The same rule as SQL, for the snapshot refresh: a CASE over the follower column.</summary>
    public static string SqlCase(string followers) =>
        "CASE " + string.Join(" ", Boundaries.Reverse().Select(b => $"WHEN {followers} >= {b.From} THEN '{b.Tier}'")) + $" ELSE '{Tier.Nano}' END";
}

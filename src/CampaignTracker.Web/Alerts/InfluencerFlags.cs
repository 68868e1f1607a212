using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Alerts;

/// <summary>An alert of a rule in <see cref="AlertRules.FlagInfluencer"/> that is not resolved, as a flag on its influencer.</summary>
public sealed record InfluencerFlag(string Rule, string Title, AlertStatus Status)
{
    /// <summary>"Implausible engagement: open alert": what a badge says when pointed at.</summary>
    public string Text => $"{Title}: {(Status == AlertStatus.Acknowledged ? "acknowledged" : "open")} alert";
}

/// <summary>
/// The flags of every influencer at one moment, keyed by the influencer's internal id (Alert.InfluencerId). A page
/// looks up only the rows it already shows, so a flag is a property of a visible row and shows nothing new.
/// </summary>
public sealed class FlagSet(long version, IReadOnlyDictionary<int, IReadOnlyList<InfluencerFlag>> flags)
{
    public static readonly FlagSet None = new(0, new Dictionary<int, IReadOnlyList<InfluencerFlag>>());

    /// <summary>Changes whenever the flags do: part of the cache key of a result that leaves flagged influencers out.</summary>
    public long Version { get; } = version;

    public IReadOnlyDictionary<int, IReadOnlyList<InfluencerFlag>> ByInfluencer { get; } = flags;

    public bool IsFlagged(int influencerId) => ByInfluencer.ContainsKey(influencerId);

    public IReadOnlyList<InfluencerFlag> Of(int influencerId) => ByInfluencer.TryGetValue(influencerId, out var of) ? of : [];

    /// <summary>The rule titles joined with "; ", empty when none: the `flags` column of the exports.</summary>
    public string Titles(int influencerId) => string.Join("; ", Of(influencerId).Select(f => f.Title));

    internal bool SameFlagsAs(FlagSet other) =>
        ByInfluencer.Count == other.ByInfluencer.Count
        && ByInfluencer.All(f => other.ByInfluencer.TryGetValue(f.Key, out var o) && f.Value.SequenceEqual(o));
}

/// <summary>
/// Influencer id → the flags of their open or acknowledged alerts of the flagging rules (an acknowledged alert is
/// still unresolved: the numbers are still not to be trusted). Read once and kept until <see cref="Invalidate"/>
/// (called by whatever writes alerts: the evaluator, the acknowledge action) or <see cref="MaxAge"/>, so a warm page
/// does not query the Alerts table; the age bound lets another app instance's changes show within a minute.
/// </summary>
public sealed class InfluencerFlags(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    sealed record Loaded(FlagSet Set, DateTimeOffset At, long Generation);

    readonly SemaphoreSlim loading = new(1, 1);
    volatile Loaded? current;
    long generation;   // bumped by Invalidate: a load that started before it is not kept
    long lastVersion;

    /// <summary>The alerts changed: the next request reads them again.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        current = null;
    }

    public async Task<FlagSet> CurrentAsync(CancellationToken ct)
    {
        if (Fresh(current) is { } loaded) return loaded.Set;
        await loading.WaitAsync(ct);
        try
        {
            if (Fresh(current) is { } other) return other.Set;
            while (true)
            {
                var started = Interlocked.Read(ref generation);
                var flags = await ReadAsync(ct);
                if (Interlocked.Read(ref generation) != started) continue;   // invalidated while reading: read again
                var set = lastSet is not null && lastSet.SameFlagsAs(new FlagSet(0, flags)) ? lastSet : new FlagSet(++lastVersion, flags);
                lastSet = set;
                current = new Loaded(set, clock.GetUtcNow(), started);
                return set;
            }
        }
        finally
        {
            loading.Release();
        }
    }

    // The set last read, kept across an invalidation: unchanged flags keep their version (and the results cached on it).
    FlagSet? lastSet;

    Loaded? Fresh(Loaded? loaded) =>
        loaded is not null && loaded.Generation == Interlocked.Read(ref generation) && clock.GetUtcNow() - loaded.At < MaxAge ? loaded : null;

    async Task<Dictionary<int, IReadOnlyList<InfluencerFlag>>> ReadAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var rules = AlertRules.FlagInfluencer.ToList();
        var alerts = await db.Alerts.AsNoTracking()
            .Where(a => a.InfluencerId != null && a.Status != AlertStatus.Resolved && rules.Contains(a.Rule))
            .Select(a => new { InfluencerId = a.InfluencerId!.Value, a.Rule, a.Status })
            .ToListAsync(ct);
        var order = AlertRules.Titles.Keys.ToList();
        return alerts.GroupBy(a => a.InfluencerId).ToDictionary(g => g.Key, g => (IReadOnlyList<InfluencerFlag>)g
            .GroupBy(a => a.Rule)   // one flag per rule: open wins over acknowledged
            .Select(r => new InfluencerFlag(r.Key, AlertRules.Titles[r.Key], r.Min(a => a.Status)))
            .OrderBy(f => order.IndexOf(f.Rule))
            .ToList());
    }
}

using System.Collections.Concurrent;
using System.Security.Claims;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Alerts;

/// <summary>
/// The navigation's count of open warning and critical alerts, per brand scope (BrandScope.Key), kept in memory so
/// that a warm page pays a dictionary look-up. Whoever writes alerts calls <see cref="Invalidate"/> after saving (the
/// evaluation job, the acknowledge handler); a count is also recomputed after <see cref="MaxAge"/>, so another
/// instance's writes (DESIGN.md, Scale-out: Hangfire may run the job elsewhere) show within that time.
/// </summary>
public sealed class AlertCounts(TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    // The version is part of the key: a count computed from data read before Invalidate is stored under the old
    // version, so it can never be served after it, even when it is stored after the dictionary was cleared.
    readonly ConcurrentDictionary<(long Version, string Scope), (int Count, DateTimeOffset At)> counts = new();
    long version;

    public async Task<int> OpenAsync(BrandScope scope, CampaignDbContext db, CancellationToken ct)
    {
        var key = (Interlocked.Read(ref version), scope.Key);
        var now = clock.GetUtcNow();
        if (counts.TryGetValue(key, out var known) && now - known.At < MaxAge) return known.Count;
        // Counted in SQL with the page's visibility rule: at scale 100 some 50,000 open warnings.
        var count = await AlertsQuery.Visible(db.Alerts.AsNoTracking(), scope)
            .CountAsync(a => a.Status == AlertStatus.Open && (a.Severity == AlertSeverity.Warning || a.Severity == AlertSeverity.Critical), ct);
        counts[key] = (count, now);
        return count;
    }

    /// <summary>Forget every count: the next page computes its own from the table.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref version);
        counts.Clear();
    }
}

/// <summary>The layout's alert count for the signed-in user, with the request's brand scope (Reports.ScopeAsync: read once).</summary>
public class AlertBadge(Reports reports, AlertCounts counts, CampaignDbContext db)
{
    public async Task<int> OpenCountAsync(ClaimsPrincipal user, CancellationToken ct) =>
        await counts.OpenAsync(await reports.ScopeAsync(user, ct), db, ct);
}

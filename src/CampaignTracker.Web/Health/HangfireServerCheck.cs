using Hangfire;
using Hangfire.Storage.Monitoring;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CampaignTracker.Web.Health;

/// <summary>
/// "hangfire": the Hangfire server of this process is registered in the job storage and its heartbeat is recent.
/// On SQL Server the storage lists every instance's servers, so this process's is found by its name. With
/// Jobs:RunServer=false the process runs none, which is healthy.
/// </summary>
public sealed class HangfireServerCheck(IConfiguration config, JobStorage storage, TimeProvider clock) : IHealthCheck
{
    /// <summary>Hangfire beats every 30 s by default: three beats missed is a stopped or stuck server.</summary>
    public static readonly TimeSpan MaxHeartbeatAge = TimeSpan.FromSeconds(90);

    /// <summary>The name this process gives its server (Startup); Hangfire adds a GUID to it.</summary>
    public static string ServerName { get; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(config.GetValue("Jobs:RunServer", true)
            ? Assess(storage.GetMonitoringApi().Servers(), ServerName, clock.GetUtcNow().UtcDateTime)
            : HealthCheckResult.Healthy("not run in this process"));

    public static HealthCheckResult Assess(IEnumerable<ServerDto> servers, string serverName, DateTime utcNow)
    {
        var heartbeats = servers.Where(s => s.Name.Contains(serverName, StringComparison.OrdinalIgnoreCase)).Select(s => s.Heartbeat).ToList();
        if (heartbeats.Count == 0) return HealthCheckResult.Unhealthy("no Hangfire server of this process is registered");
        if (heartbeats.Max() is not { } last) return HealthCheckResult.Unhealthy("the Hangfire server of this process has no heartbeat yet");
        var age = utcNow - last;
        return age <= MaxHeartbeatAge
            ? HealthCheckResult.Healthy($"running, last heartbeat {Math.Max(age.TotalSeconds, 0):F0} s ago")
            : HealthCheckResult.Unhealthy($"last heartbeat {age.TotalSeconds:F0} s ago, more than {MaxHeartbeatAge.TotalSeconds:F0} s");
    }
}

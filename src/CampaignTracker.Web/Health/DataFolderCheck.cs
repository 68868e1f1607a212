using CampaignTracker.Web.Ingestion;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CampaignTracker.Web.Health;

/// <summary>
/// "data-folder": Storage:DataDirectory exists and a file can be written in it (stored uploads, the SQLite file).
/// The reason, with the folder's path, goes to the log: /healthz answers anyone.
/// </summary>
public sealed class DataFolderCheck(StoragePaths paths, ILogger<DataFolderCheck> log) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (paths.WriteProblem(create: false) is not { } problem) return Task.FromResult(HealthCheckResult.Healthy("exists and is writable"));
        log.LogError("The data folder {Folder} is not writable: {Problem}", paths.DataDirectory, problem);
        return Task.FromResult(HealthCheckResult.Unhealthy("missing or not writable (Storage:DataDirectory)"));
    }
}

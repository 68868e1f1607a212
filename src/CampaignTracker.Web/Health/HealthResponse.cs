using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CampaignTracker.Web.Health;

/// <summary>
/// /healthz: 200 when healthy (the Dockerfile's HEALTHCHECK looks for it), 503 when not, and every component by name:
/// <c>{"status":"Healthy","checks":[{"name":"database","status":"Healthy","description":"ok"},…]}</c>. Anyone may ask,
/// so an exception's message (a connection string, a path) stays in the server log.
/// </summary>
public static class HealthResponse
{
    public static HealthCheckOptions Options { get; } = new()
    {
        ResponseWriter = WriteAsync,
        ResultStatusCodes = new Dictionary<HealthStatus, int>
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    sealed record Check(string Name, string Status, string Description);

    sealed record Body(string Status, IReadOnlyList<Check> Checks);

    static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var checks = report.Entries.Select(e => new Check(e.Key, e.Value.Status.ToString(), Describe(e.Value))).ToList();
        return JsonSerializer.SerializeAsync(context.Response.Body, new Body(report.Status.ToString(), checks), JsonSerializerOptions.Web, context.RequestAborted);
    }

    static string Describe(HealthReportEntry entry) => entry switch
    {
        { Exception: not null } => "failed; the reason is in the server log",   // its message would be the description
        { Description: { Length: > 0 } description } => description,
        { Status: HealthStatus.Healthy } => "ok",
        _ => "failed",
    };
}

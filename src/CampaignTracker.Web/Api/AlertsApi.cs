using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Api;

/// <summary>GET /api/alerts: the Alerts page as JSON, same filters (AlertFilters), same scope; every matching alert, as the CSV.</summary>
public static class AlertsApi
{
    public static void MapAlertsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/alerts", async (HttpContext http, [AsParameters] AlertFilters filters, Reports reports, AlertsQuery alerts, CancellationToken ct) =>
        {
            if (filters.Problem() is { } problem) return Results.Problem(problem, statusCode: StatusCodes.Status400BadRequest);
            var (total, rows) = await alerts.RunAsync(filters, await reports.ScopeAsync(http.User, ct), ct);
            return Results.Ok(new
            {
                total,
                rows = rows.Select(r => new
                {
                    id = r.Id, rule = r.Rule, ruleTitle = r.RuleTitle, severity = Lower(r.Severity), status = Lower(r.Status), scope = Lower(r.Scope),
                    subject = r.Subject, message = r.Message, figures = r.FiguresObject(), evidenceUrl = r.EvidenceUrl, brands = r.Brands,
                    firstSeenAt = Utc(r.FirstSeenAt), lastSeenAt = Utc(r.LastSeenAt), resolvedAt = Utc(r.ResolvedAt),
                    acknowledgedBy = r.AcknowledgedBy, acknowledgedAt = Utc(r.AcknowledgedAt), acknowledgementNote = r.AcknowledgementNote,
                }),
            });
        });

    static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    // Stored as UTC without a kind (SQLite): said so, the JSON carries the Z.
    static DateTime? Utc(DateTime? at) => at is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null;
}

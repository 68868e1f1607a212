using System.Text.RegularExpressions;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

/// <summary>Alerts written straight into the table, as the evaluation job would leave them (issue 14).</summary>
public static class AlertData
{
    public static readonly DateTime Seen = new(2026, 3, 10, 9, 30, 0, DateTimeKind.Utc);

    /// <param name="brands">Brand ids; none: a company-wide alert.</param>
    public static Alert Make(string subject, int[] brands, AlertSeverity severity = AlertSeverity.Warning, AlertStatus status = AlertStatus.Open,
        string rule = AlertRules.IroasUnderTarget, DateTime? lastSeen = null, string? message = null, string evidenceUrl = "/Campaigns") => new()
    {
        Rule = rule,
        SubjectKey = "test:" + Guid.NewGuid().ToString("N"),
        Scope = brands.Length == 0 ? AlertScope.Company : AlertScope.Brand,
        Subject = subject,
        Severity = severity,
        Status = status,
        Message = message ?? $"{subject}: the figures crossed the threshold.",
        Figures = """{"iroas":0.62,"target":1.0}""",
        EvidenceUrl = evidenceUrl,
        BrandIds = brands.Length == 0 ? "" : "," + string.Join(",", brands) + ",",
        FirstSeenAt = (lastSeen ?? Seen).AddDays(-2),
        LastSeenAt = lastSeen ?? Seen,
        ResolvedAt = status == AlertStatus.Resolved ? (lastSeen ?? Seen).AddHours(1) : null,
        AcknowledgedBy = status == AlertStatus.Acknowledged ? "someone@test.local" : null,
        AcknowledgedAt = status == AlertStatus.Acknowledged ? (lastSeen ?? Seen).AddHours(2) : null,
        AcknowledgementNote = status == AlertStatus.Acknowledged ? "known: contract renegotiated" : null,
        AcknowledgedSeverity = status == AlertStatus.Acknowledged ? severity : null,
    };

    /// <summary>Inserts the alerts (ids filled in) and forgets the cached navigation counts, as the job does after writing.</summary>
    public static async Task<Alert[]> InsertAsync(AppFactory app, params Alert[] alerts)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        db.Alerts.AddRange(alerts);
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<AlertCounts>().Invalidate();
        return alerts;
    }

    public static Alert Read(AppFactory app, int id) =>
        app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Alerts.AsNoTracking().Single(a => a.Id == id));

    public static int BrandId(AppFactory app, string name) =>
        app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Brands.AsNoTracking().Single(b => b.Name == name).Id);

    /// <summary>Posts the acknowledge form as the browser does, with a valid antiforgery token.</summary>
    public static async Task<HttpResponseMessage> AcknowledgeAsync(HttpClient client, int id, string note, string query = "")
    {
        var page = await client.GetStringAsync("/Account/Password");   // any page this client may open carries a valid token
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/Alerts?handler=Acknowledge" + query, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["id"] = id.ToString(), ["note"] = note,
        }));
    }

    /// <summary>The count in the navigation's Alerts badge; 0 when no badge is shown.</summary>
    public static async Task<int> BadgeAsync(HttpClient client, string url = "/Account/Password")
    {
        var match = Regex.Match(await client.GetStringAsync(url), "id=\"nav-alerts-count\"[^>]*>(\\d+)<");
        return match.Success ? int.Parse(match.Groups[1].Value) : 0;
    }

    /// <summary>The alert ids in the page's table, in order.</summary>
    public static List<int> PageIds(string html) =>
        Regex.Matches(html, "<tr id=\"alert-(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value)).ToList();
}

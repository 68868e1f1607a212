using System.Text.Json;
using System.Text.Json.Nodes;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Alerts;

/// <summary>
/// The filters of the Alerts page, its CSV and its JSON twin, bound from the query string with the same names:
/// `rule` (AlertRules name), `severity` (info / warning / critical), `status` (open / acknowledged / resolved / all;
/// none: open and acknowledged, i.e. not resolved), `brand` (id or name, repeatable), `from` / `to` (yyyy-MM-dd, on
/// the last time the alert was seen, inclusive).
/// </summary>
public sealed class AlertFilters
{
    public const string AllStatuses = "all";

    public string? Rule { get; set; }
    public string? Severity { get; set; }
    public string? Status { get; set; }
    public string[] Brand { get; set; } = [];
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }

    /// <summary>Why the filters cannot be applied (a 400), or null.</summary>
    public string? Problem() =>
        !string.IsNullOrEmpty(Rule) && !AlertRules.Titles.ContainsKey(Rule) ? $"rule must be one of {string.Join(", ", AlertRules.Titles.Keys)}, not '{Rule}'"
        : !string.IsNullOrEmpty(Severity) && ParseSeverity(Severity) is null ? $"severity must be info, warning or critical, not '{Severity}'"
        : !string.IsNullOrEmpty(Status) && Status != AllStatuses && ParseStatus(Status) is null ? $"status must be open, acknowledged, resolved or all, not '{Status}'"
        : null;

    /// <summary>Whether an alert passes these filters (brands as ids: <paramref name="brandIds"/>, null when no brand is asked for).</summary>
    public bool Passes(Alert alert, IReadOnlyCollection<int>? brandIds) =>
        (string.IsNullOrEmpty(Rule) || alert.Rule == Rule)
        && (string.IsNullOrEmpty(Severity) || alert.Severity == ParseSeverity(Severity))
        && (string.IsNullOrEmpty(Status) ? alert.Status != AlertStatus.Resolved : Status == AllStatuses || alert.Status == ParseStatus(Status))
        // A brand filter asks for alerts about those brands: company-wide ones are about none.
        && (brandIds is null || brandIds.Any(id => AlertsQuery.Holds(alert.BrandIds, id)))
        && (From is not { } from || alert.LastSeenAt >= from.ToDateTime(TimeOnly.MinValue))
        && (To is not { } to || alert.LastSeenAt < to.AddDays(1).ToDateTime(TimeOnly.MinValue));

    static AlertSeverity? ParseSeverity(string value) =>
        value.All(char.IsLetter) && Enum.TryParse<AlertSeverity>(value, ignoreCase: true, out var s) ? s : null;

    static AlertStatus? ParseStatus(string value) =>
        value.All(char.IsLetter) && Enum.TryParse<AlertStatus>(value, ignoreCase: true, out var s) ? s : null;
}

/// <summary>An alert as the page, the CSV and the twin show it; <see cref="Brands"/> are the names within the viewer's scope.</summary>
public sealed record AlertRow(
    int Id, string Rule, string RuleTitle, AlertSeverity Severity, AlertStatus Status, AlertScope Scope, string Subject, string Message,
    string Figures, string EvidenceUrl, IReadOnlyList<string> Brands, bool CompanyWide, DateTime FirstSeenAt, DateTime LastSeenAt, DateTime? ResolvedAt,
    string? AcknowledgedBy, DateTime? AcknowledgedAt, string? AcknowledgementNote)
{
    /// <summary>The evidence link when it is a path of this app; anything else (an absolute or `javascript:` URL) is not linked.</summary>
    public string? SafeEvidenceUrl =>
        EvidenceUrl.StartsWith('/') && !EvidenceUrl.StartsWith("//", StringComparison.Ordinal) && !EvidenceUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? EvidenceUrl : null;

    /// <summary>The figures as a JSON object for the twin; null when the stored text is not one.</summary>
    public JsonObject? FiguresObject()
    {
        // Written by the evaluation job; a malformed value must not hide the other alerts.
        try { return JsonNode.Parse(Figures) as JsonObject; }
        catch (JsonException) { return null; }
    }
}

/// <summary>
/// The alerts a viewer may see (issue 14). Alerts are few (one per rule and subject: hundreds, a few thousand at most),
/// so they are read whole and filtered in memory: the visibility rule and the filters stay one piece of C# that the
/// page, the CSV, the twin and the navigation count share.
/// </summary>
public class AlertsQuery(CampaignDbContext db)
{
    /// <summary>
    /// The visibility rule: company-wide alerts (no brands: stale data) are seen by everyone who may view the dashboard,
    /// an admin sees all, a brand manager the alerts about at least one of their brands.
    /// </summary>
    public static bool Sees(BrandScope scope, string brandIds) =>
        brandIds.Length == 0 || scope.IsAll || scope.BrandIds!.Any(id => Holds(brandIds, id));

    /// <summary>Whether the stored ",1,3," list holds <paramref name="brandId"/>.</summary>
    public static bool Holds(string brandIds, int brandId) => brandIds.Contains($",{brandId},", StringComparison.Ordinal);

    /// <summary>Matching alerts, most severe first, then the most recently seen.</summary>
    public async Task<IReadOnlyList<AlertRow>> RunAsync(AlertFilters filters, BrandScope scope, CancellationToken ct)
    {
        var brands = await BrandNamesAsync(scope, ct);
        var chosen = filters.Brand.Length == 0 ? null : Chosen(filters.Brand, brands);
        var alerts = await db.Alerts.AsNoTracking().ToListAsync(ct);
        return alerts
            .Where(a => Sees(scope, a.BrandIds) && filters.Passes(a, chosen))
            .OrderByDescending(a => a.Severity).ThenByDescending(a => a.LastSeenAt).ThenByDescending(a => a.Id)
            .Select(a => RowOf(a, brands))
            .ToList();
    }

    /// <summary>The alert with this id if the viewer may see it (tracked, to be changed); null otherwise, so that
    /// an id outside the scope is indistinguishable from one that does not exist.</summary>
    public async Task<Alert?> FindAsync(int id, BrandScope scope, CancellationToken ct) =>
        await db.Alerts.SingleOrDefaultAsync(a => a.Id == id, ct) is { } alert && Sees(scope, alert.BrandIds) ? alert : null;

    /// <summary>The brands offered in the filter: those of the scope, by id.</summary>
    public async Task<IReadOnlyDictionary<int, string>> BrandNamesAsync(BrandScope scope, CancellationToken ct)
    {
        var brands = await db.Brands.AsNoTracking().Select(b => new { b.Id, b.Name }).ToListAsync(ct);
        return brands.Where(b => scope.IsAll || scope.BrandIds!.Contains(b.Id)).ToDictionary(b => b.Id, b => b.Name);
    }

    /// <summary>The `brand` values as ids within the scope: a number is an id, anything else a name (any case); others match nothing.</summary>
    static List<int> Chosen(string[] values, IReadOnlyDictionary<int, string> brands) =>
        values.Select(v => v.Trim())
            .SelectMany(v => int.TryParse(v, out var id) && brands.ContainsKey(id)
                ? [id]
                : brands.Where(b => string.Equals(b.Value, v, StringComparison.OrdinalIgnoreCase)).Select(b => b.Key))
            .Distinct().ToList();

    static AlertRow RowOf(Alert a, IReadOnlyDictionary<int, string> brands) => new(
        a.Id, a.Rule, AlertRules.Titles.GetValueOrDefault(a.Rule, a.Rule), a.Severity, a.Status, a.Scope, a.Subject, a.Message, a.Figures, a.EvidenceUrl,
        // Names of the viewer's brands only: an alert about two brands must not name the other one to a brand manager.
        brands.Where(b => Holds(a.BrandIds, b.Key)).Select(b => b.Value).Order(StringComparer.Ordinal).ToList(),
        a.BrandIds.Length == 0, a.FirstSeenAt, a.LastSeenAt, a.ResolvedAt, a.AcknowledgedBy, a.AcknowledgedAt, a.AcknowledgementNote);
}

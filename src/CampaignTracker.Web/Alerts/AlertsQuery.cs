using System.Linq.Expressions;
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
/// the last time the alert was seen, inclusive), `id` (one alert).
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

    /// <summary>One alert by its id (the link of an alert mail, with status=all).</summary>
    public int? Id { get; set; }

    /// <summary>Why the filters cannot be applied (a 400), or null.</summary>
    public string? Problem() =>
        !string.IsNullOrEmpty(Rule) && !AlertRules.Titles.ContainsKey(Rule) ? $"rule must be one of {string.Join(", ", AlertRules.Titles.Keys)}, not '{Rule}'"
        : !string.IsNullOrEmpty(Severity) && ParseSeverity(Severity) is null ? $"severity must be info, warning or critical, not '{Severity}'"
        : !string.IsNullOrEmpty(Status) && Status != AllStatuses && ParseStatus(Status) is null ? $"status must be open, acknowledged, resolved or all, not '{Status}'"
        : null;

    /// <summary>These filters in SQL (brands as ids: <paramref name="brandIds"/>, null when no brand is asked for).</summary>
    public IQueryable<Alert> Apply(IQueryable<Alert> alerts, IReadOnlyCollection<int>? brandIds)
    {
        if (Id is { } id) alerts = alerts.Where(a => a.Id == id);
        if (!string.IsNullOrEmpty(Rule)) alerts = alerts.Where(a => a.Rule == Rule);
        if (ParseSeverity(Severity) is { } severity) alerts = alerts.Where(a => a.Severity == severity);
        if (string.IsNullOrEmpty(Status)) alerts = alerts.Where(a => a.Status != AlertStatus.Resolved);
        else if (ParseStatus(Status) is { } status) alerts = alerts.Where(a => a.Status == status);
        // A brand filter asks for alerts about those brands: company-wide ones are about none.
        if (brandIds is not null) alerts = alerts.Where(AlertsQuery.AboutAny(brandIds, orCompany: false));
        if (From is { } from) alerts = alerts.Where(a => a.LastSeenAt >= from.ToDateTime(TimeOnly.MinValue));
        if (To is { } to) alerts = alerts.Where(a => a.LastSeenAt < to.AddDays(1).ToDateTime(TimeOnly.MinValue));
        return alerts;
    }

    static AlertSeverity? ParseSeverity(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(char.IsLetter) && Enum.TryParse<AlertSeverity>(value, ignoreCase: true, out var s) ? s : null;

    static AlertStatus? ParseStatus(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(char.IsLetter) && Enum.TryParse<AlertStatus>(value, ignoreCase: true, out var s) ? s : null;
}

/// <summary>An alert as the page, the CSV and the twin show it; <see cref="Brands"/> are the names within the viewer's scope.</summary>
public sealed record AlertRow(
    int Id, string Rule, string RuleTitle, AlertSeverity Severity, AlertStatus Status, AlertScope Scope, string Subject, string Message,
    string Figures, string EvidenceUrl, IReadOnlyList<string> Brands, bool CompanyWide, DateTime FirstSeenAt, DateTime LastSeenAt, DateTime? ResolvedAt,
    string? AcknowledgedBy, DateTime? AcknowledgedAt, string? AcknowledgementNote)
{
    /// <summary>The evidence link when it is a path of this app; anything else (an absolute or `javascript:` URL) is not linked.</summary>
    public string? SafeEvidenceUrl => IsAppPath(EvidenceUrl) ? EvidenceUrl : null;

    /// <summary>A path of this app ("/Campaigns?…"), not another site ("//host", "/\\host") or a scheme.</summary>
    public static bool IsAppPath(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    /// <summary>The figures as a JSON object for the twin; null when the stored text is not one.</summary>
    public JsonObject? FiguresObject()
    {
        // Written by the evaluation job; a malformed value must not hide the other alerts.
        try { return JsonNode.Parse(Figures) as JsonObject; }
        catch (JsonException) { return null; }
    }
}

/// <summary>
/// The alerts a viewer may see (issue 14), filtered, sorted and paged in SQL: at scale 100 the demo data raises some
/// 90,000 (a payout discrepancy per influencer), which the page must not read whole for each 50 it shows. The
/// visibility rule has a C# form (<see cref="Sees"/>, for one alert) and an SQL form (<see cref="Visible"/>).
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

    /// <summary><see cref="Sees"/> in SQL.</summary>
    public static IQueryable<Alert> Visible(IQueryable<Alert> alerts, BrandScope scope) =>
        scope.IsAll ? alerts : alerts.Where(AboutAny(scope.BrandIds!, orCompany: true));

    /// <summary>Alerts whose brands hold one of <paramref name="brandIds"/> (and, <paramref name="orCompany"/>, company-wide ones), as SQL can run it.</summary>
    public static Expression<Func<Alert, bool>> AboutAny(IEnumerable<int> brandIds, bool orCompany)
    {
        var alert = Expression.Parameter(typeof(Alert), "a");
        var brands = Expression.Property(alert, nameof(Alert.BrandIds));
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression any = orCompany
            ? Expression.Equal(brands, Expression.Constant(""))
            : Expression.Constant(false);
        foreach (var id in brandIds.Distinct())
            any = Expression.OrElse(any,
                Expression.Call(brands, contains, Expression.Constant($",{id},")));
        return Expression.Lambda<Func<Alert, bool>>(any, alert);
    }

    /// <summary>Matching alerts, most severe first, then the most recently seen; a page of them, or all with <paramref name="page"/> null.</summary>
    public async Task<(int Total, IReadOnlyList<AlertRow> Rows)> RunAsync(AlertFilters filters, BrandScope scope, CancellationToken ct,
        (int Number, int Size)? page = null)
    {
        var brands = await BrandNamesAsync(scope, ct);
        var chosen = filters.Brand.Length == 0 ? null : Chosen(filters.Brand, brands);
        var matching = filters.Apply(Visible(db.Alerts.AsNoTracking(), scope), chosen);
        var total = await matching.CountAsync(ct);
        var ordered = matching
            .OrderByDescending(a => a.Severity == AlertSeverity.Critical ? 2 : a.Severity == AlertSeverity.Warning ? 1 : 0)   // stored as text
            .ThenByDescending(a => a.LastSeenAt).ThenByDescending(a => a.Id);
        var rows = page is { } p ? ordered.Skip((p.Number - 1) * p.Size).Take(p.Size) : ordered;
        return (total, (await rows.ToListAsync(ct)).Select(a => RowOf(a, brands)).ToList());
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

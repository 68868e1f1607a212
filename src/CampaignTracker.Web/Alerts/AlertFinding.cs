using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Alerts;

/// <summary>What one rule found about one subject in one evaluation: becomes or updates the subject's <see cref="Alert"/>.</summary>
/// <param name="BrandIds">The brands it is about (database ids); none for the company scope, which everyone sees.</param>
public sealed record AlertFinding(
    string Rule, string SubjectKey, AlertScope Scope, string Subject, AlertSeverity Severity, string Message,
    IReadOnlyDictionary<string, object?> Figures, string EvidenceUrl, IReadOnlyCollection<int> BrandIds,
    int? InfluencerId = null, string? Campaign = null)
{
    /// <summary>
    /// ",1,3,"; "" for the company scope, which everyone sees; "," for a subject in no brand (an influencer without tracked
    /// sales), which no brand intersects: admins only.
    /// </summary>
    public string BrandIdsText => Scope == AlertScope.Company ? "" : "," + string.Join(",", BrandIds.Order()) + (BrandIds.Count == 0 ? "" : ",");
}

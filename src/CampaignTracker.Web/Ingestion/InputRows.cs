using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Ingestion;

// One row of each dataset, as it came in; influencers are referenced by their external id.

public sealed record InfluencerInput(string ExternalId, string Name, string Category, string? Gender, long FollowerCount, string Platform);

public sealed record PostInput(int Row, string InfluencerId, string Platform, DateOnly Date, string Url, string? Caption, long Reach, long Likes, long Comments, string? ExternalId);

public sealed record TrackingInput(int Row, string? Source, string Campaign, string InfluencerId, string? UserId, string Product, string? Brand, DateOnly Date, int Orders, decimal Revenue, string? ExternalId);

public sealed record PayoutInput(int Row, string InfluencerId, PayoutBasis Basis, decimal Rate, int? Orders, decimal TotalPayout);

public sealed record CatalogueInput(int Row, string Product, string Brand);

/// <summary>
/// Platform, category and gender are trimmed and case-normalised (DESIGN.md): known values take
/// their usual spelling, new values are kept as given.
/// </summary>
public static class Labels
{
    static readonly string[] Known =
        ["Instagram", "YouTube", "TikTok", "Twitter", "Facebook", "Fitness", "Health", "Lifestyle", "Parenting", "Female", "Male", "Other"];

    public static string Normalize(string value) =>
        Known.FirstOrDefault(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase)) ?? value;
}

using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// DESIGN.md, Data that comes in: header names match case-insensitively with spaces, underscores and
/// dashes ignored; each dataset has required columns, and is recognised from its header.
/// </summary>
public static class Columns
{
    public static string Normalize(string header) =>
        new(header.Trim().Trim('\uFEFF').Where(c => c is not (' ' or '_' or '-')).Select(char.ToLowerInvariant).ToArray());

    /// <summary>A column and the names it goes by, normalized.</summary>
    public sealed record Column(string Name, bool Required, params string[] Aliases)
    {
        public IEnumerable<string> Keys => [Normalize(Name), .. Aliases.Select(Normalize)];
    }

    public static readonly IReadOnlyDictionary<Dataset, Column[]> Of = new Dictionary<Dataset, Column[]>
    {
        [Dataset.Influencers] =
        [
            new("id", true, "influencer_id"), new("name", true), new("category", true), new("gender", false),
            new("follower_count", true, "followers"), new("platform", true),
        ],
        [Dataset.Posts] =
        [
            new("influencer_id", true), new("platform", true), new("date", true), new("url", true), new("caption", false),
            new("reach", true), new("likes", true), new("comments", true), new("post_id", false),
        ],
        [Dataset.Tracking] =
        [
            new("source", false), new("campaign", true), new("influencer_id", true), new("user_id", false), new("product", true),
            new("brand", false), new("date", true), new("orders", true), new("revenue", true), new("tracking_id", false, "order_id"),
        ],
        [Dataset.Payouts] =
        [
            new("influencer_id", true), new("basis", true), new("rate", true), new("orders", false), new("total_payout", true),
        ],
        [Dataset.Catalogue] = [new("product", true), new("brand", true)],
    };

    /// <summary>
    /// The dataset the header is meant for: the one with the most of its required columns present (at
    /// least half of them), so that a file missing a column is still recognised and the column named.
    /// </summary>
    public static Dataset? Detect(IEnumerable<string> headers)
    {
        var present = headers.Select(Normalize).ToHashSet();
        return Of
            .Select(d => (Dataset: d.Key, Required: d.Value.Count(c => c.Required), Found: d.Value.Count(c => c.Required && c.Keys.Any(present.Contains))))
            .Where(d => d.Found * 2 >= d.Required)
            .OrderByDescending(d => d.Found)
            .ThenByDescending(d => (double)d.Found / d.Required)
            .Select(d => (Dataset?)d.Dataset)
            .FirstOrDefault();
    }

    /// <summary>Load order: what a file references is written before it.</summary>
    public static int Order(Dataset dataset) => dataset switch
    {
        Dataset.Influencers => 0,
        Dataset.Catalogue => 1,
        Dataset.Posts => 2,
        Dataset.Tracking => 3,
        _ => 4,
    };
}

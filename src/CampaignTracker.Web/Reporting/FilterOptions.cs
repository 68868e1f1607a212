using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Web.Reporting;

/// <summary>The values each filter offers: only those in the data the user may see.</summary>
/// <param name="LastDate">The latest day of a sale or post the user may see (a brand manager: their brands' sales and the
/// posts of the influencers who made them, as <see cref="Slice.PostsCount"/>); null without data. The date presets count
/// back from it (issue 17): data ends when the last upload does (the seed's in July 2025), not today.</param>
public sealed record FilterOptions(
    IReadOnlyList<string> Brands, IReadOnlyList<string> Products, IReadOnlyList<string> Campaigns, IReadOnlyList<string> Platforms,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Tiers, IReadOnlyList<string> Genders, DateOnly? LastDate = null)
{
    public static readonly FilterOptions None = new([], [], [], [], [], [], []);

    /// <summary>The values of the sales rows in <paramref name="visible"/> (an unfiltered slice of the user's scope).</summary>
    public static FilterOptions Of(Slice visible)
    {
        var cube = visible.Cube;
        // Flags by code, not hash sets: one pass over 1.5M rows sets four array entries per row.
        var brands = new bool[cube.Brands.Count];
        var products = new bool[cube.Products.Count];
        var campaigns = new bool[cube.Campaigns.Count];
        var influencers = new bool[cube.Influencers.Length];
        var lastDay = int.MinValue;
        foreach (ref readonly var fact in cube.Sales.AsSpan())
        {
            if (!visible.Includes(fact)) continue;
            if (fact.Day > lastDay) lastDay = fact.Day;
            brands[fact.Brand] = true;
            products[fact.Product] = true;
            campaigns[fact.Campaign] = true;
            influencers[fact.Influencer] = true;
        }
        foreach (ref readonly var post in cube.Posts.AsSpan())
            if (post.Day > lastDay && (!visible.Cut || influencers[post.Influencer])) lastDay = post.Day;
        static IEnumerable<T> Seen<T>(IReadOnlyList<T> names, bool[] seen) => names.Where((_, code) => seen[code]);
        var sellers = Seen(cube.Influencers, influencers).ToList();
        static List<string> Sorted(IEnumerable<string?> names) => names.OfType<string>().Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList();
        return new FilterOptions(
            Sorted(Seen(cube.Brands, brands)),
            Sorted(Seen(cube.Products, products)),
            Seen(cube.Campaigns, campaigns).OrderBy(CampaignOrder.Number).ThenBy(c => c, StringComparer.Ordinal).ToList(),
            Sorted(sellers.Select(i => cube.Platforms[i.Platform])),
            Sorted(sellers.Select(i => cube.Categories[i.Category])),
            Enum.GetValues<Tier>().Where(t => sellers.Any(i => i.Tier == t)).Select(t => t.ToString()).ToList(),
            Sorted(sellers.Select(i => cube.Genders[i.Gender])),
            lastDay == int.MinValue ? null : SnapshotCube.DateOf(lastDay));
    }
}

/// <summary>Campaign_2 before Campaign_10.</summary>
public static class CampaignOrder
{
    public static int Number(string campaign) =>
        int.TryParse(new string(campaign.Reverse().TakeWhile(char.IsDigit).Reverse().ToArray()), out var n) ? n : int.MaxValue;
}

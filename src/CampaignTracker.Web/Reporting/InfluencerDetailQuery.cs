using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Web.Reporting;

public sealed record DailySales(DateOnly Date, long Orders, decimal Revenue);

public sealed record PartSales(string Name, string? Brand, long Orders, decimal Revenue);

public sealed record PostListing(long Id, DateOnly Date, string Platform, long Reach, long Likes, long Comments)
{
    public decimal? ErrPercent => Kpi.ErrPercent(Likes + Comments, Reach);
}

/// <param name="Row">The influencer's figures in the view (zeros when the view's filters leave them out).</param>
public sealed record InfluencerDetail(
    InfluencerRow Row, InfluencerTotal Totals, IReadOnlyList<DailySales> PerDay, IReadOnlyList<PartSales> Products,
    IReadOnlyList<PartSales> Campaigns, IReadOnlyList<PostListing> Posts, int PostCount);

/// <summary>One influencer in the view: sales over time, products and campaigns, posts with ERR each, from the snapshots.</summary>
public class InfluencerDetailQuery(Reports reports, InfluencersQuery influencers)
{
    public const int MaxPosts = 200;

    /// <summary>null when there is no such influencer or the viewer's brands have no sale of theirs (no hint which).</summary>
    public async Task<InfluencerDetail?> RunAsync(ReportView view, string externalId, CancellationToken ct)
    {
        var rows = await influencers.AllAsync(view, null, null, false, ct);
        return await reports.GetAsync(view, $"influencer|{externalId}", cube =>
        {
            var n = cube.InfluencerIndex(externalId);
            if (n < 0 || !Visible(cube, view.Scope, n)) return Missing.Instance;
            var info = cube.Influencers[n];
            var slice = view.SliceOf(cube);
            var days = new SortedDictionary<int, (long Orders, long Revenue)>();
            var products = new Dictionary<short, (long Orders, long Revenue)>();
            var campaigns = new Dictionary<short, (long Orders, long Revenue)>();
            foreach (ref readonly var fact in cube.Sales.AsSpan())
            {
                if (fact.Influencer != n || !slice.Includes(fact)) continue;
                days[fact.Day] = Add(days.GetValueOrDefault(fact.Day), fact);
                products[fact.Product] = Add(products.GetValueOrDefault(fact.Product), fact);
                campaigns[fact.Campaign] = Add(campaigns.GetValueOrDefault(fact.Campaign), fact);
            }
            var posts = new List<PostRow>();
            var sold = days.Count > 0;
            foreach (ref readonly var post in cube.PostRows.AsSpan())
                if (post.Influencer == n && slice.Includes(post) && (!slice.Cut || sold)) posts.Add(post);

            var row = rows.FirstOrDefault(r => r.Id == info.Id)
                ?? new InfluencerRow(info.Id, info.ExternalId, info.Name, cube.Platforms[info.Platform], cube.Categories[info.Category], info.Tier,
                    cube.Genders[info.Gender], info.Followers, 0, 0, 0, 0, 0, 0, view.Lift);
            return (object)new InfluencerDetail(row, info.Totals,
                days.Select(d => new DailySales(SnapshotCube.DateOf(d.Key), d.Value.Orders, Money.FromUnits(d.Value.Revenue))).ToList(),
                products.Select(p => new PartSales(cube.Products[p.Key], cube.Brands[cube.ProductBrand[p.Key]], p.Value.Orders, Money.FromUnits(p.Value.Revenue)))
                    .OrderByDescending(p => p.Revenue).ToList(),
                campaigns.Select(c => new PartSales(cube.Campaigns[c.Key], null, c.Value.Orders, Money.FromUnits(c.Value.Revenue)))
                    .OrderBy(c => CampaignOrder.Number(c.Name)).ThenBy(c => c.Name).ToList(),
                posts.OrderByDescending(p => p.Day).ThenByDescending(p => p.Id).Take(MaxPosts)
                    .Select(p => new PostListing(p.Id, SnapshotCube.DateOf(p.Day), cube.Platforms[p.Platform], p.Reach, p.Likes, p.Comments)).ToList(),
                posts.Count);
        }, ct) as InfluencerDetail;
    }

    /// <summary>Admins see everyone; a brand manager sees influencers with at least one sale of their brands.</summary>
    static bool Visible(SnapshotCube cube, BrandScope scope, int influencer)
    {
        if (scope.IsAll) return true;
        var brands = new Slice(cube, new KpiFilters(), scope);
        foreach (ref readonly var fact in cube.Sales.AsSpan())
            if (fact.Influencer == influencer && brands.Includes(fact)) return true;
        return false;
    }

    static (long Orders, long Revenue) Add((long Orders, long Revenue) sums, in SaleFact fact) => (sums.Orders + fact.Orders, sums.Revenue + fact.RevenueUnits);

    // The cache keeps classes; "not visible" is cached as this.
    sealed class Missing
    {
        public static readonly Missing Instance = new();
    }
}

using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Web.Reporting;

public sealed record CampaignDetail(string Campaign, Overview Overview, IReadOnlyList<InfluencerRow> Influencers, IReadOnlyList<PartSales> Products);

/// <summary>
/// One campaign in the view: the view with the campaign added to its filters, so its cards, influencers and payouts
/// are the very numbers the other pages show for that filter.
/// </summary>
public class CampaignDetailQuery(Reports reports, OverviewQuery overview, InfluencersQuery influencers)
{
    /// <summary>null when the campaign has no sales the viewer may see (unknown, or another brand's: no hint which).</summary>
    public async Task<CampaignDetail?> RunAsync(ReportView view, string campaign, CancellationToken ct)
    {
        var options = await reports.OptionsAsync(view, ct);
        if (!options.Campaigns.Contains(campaign)) return null;
        var filters = view.Filters.With(campaign: [campaign]);
        var own = view with { Filters = filters };
        var products = await reports.GetAsync(own, "campaign-products", cube => Products(own.SliceOf(cube)), ct);
        return new CampaignDetail(campaign, await overview.RunAsync(own, ct),
            await influencers.AllAsync(own, null, "revenue", descending: true, ct), products);
    }

    static List<PartSales> Products(Slice slice)
    {
        var cube = slice.Cube;
        var sums = new (long Orders, long Revenue)[cube.Products.Count];
        foreach (ref readonly var fact in cube.Sales.AsSpan())
            if (slice.Includes(fact)) sums[fact.Product] = (sums[fact.Product].Orders + fact.Orders, sums[fact.Product].Revenue + fact.RevenueUnits);
        return sums.Select((s, p) => (s, p)).Where(x => x.s.Orders > 0 || x.s.Revenue != 0)
            .Select(x => new PartSales(cube.Products[x.p], cube.Brands[cube.ProductBrand[x.p]], x.s.Orders, Money.FromUnits(x.s.Revenue)))
            .OrderByDescending(p => p.Revenue).ToList();
    }
}

using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Web.Reporting;

/// <summary>The daily sales rows of a view, for the overview's CSV download: read lazily, so the export streams.</summary>
public static class SalesRows
{
    public static IEnumerable<SaleFact> Of(Slice slice)
    {
        for (var i = 0; i < slice.Cube.Sales.Length; i++)
            if (slice.Includes(slice.Cube.Sales[i])) yield return slice.Cube.Sales[i];
    }

    public static IReadOnlyList<CsvColumn<SaleFact>> Columns(SnapshotCube cube) =>
    [
        CsvColumn<SaleFact>.Date("date", f => SnapshotCube.DateOf(f.Day)),
        CsvColumn<SaleFact>.Text("influencer_id", f => cube.Influencers[f.Influencer].ExternalId),
        CsvColumn<SaleFact>.Text("influencer", f => cube.Influencers[f.Influencer].Name),
        CsvColumn<SaleFact>.Text("platform", f => cube.Platforms[cube.Influencers[f.Influencer].Platform]),
        CsvColumn<SaleFact>.Text("category", f => cube.Categories[cube.Influencers[f.Influencer].Category]),
        CsvColumn<SaleFact>.Text("tier", f => cube.Influencers[f.Influencer].Tier.ToString()),
        CsvColumn<SaleFact>.Text("gender", f => cube.Genders[cube.Influencers[f.Influencer].Gender]),
        CsvColumn<SaleFact>.Text("brand", f => cube.Brands[f.Brand]),
        CsvColumn<SaleFact>.Text("product", f => cube.Products[f.Product]),
        CsvColumn<SaleFact>.Text("campaign", f => cube.Campaigns[f.Campaign]),
        CsvColumn<SaleFact>.Count("orders", f => f.Orders),
        CsvColumn<SaleFact>.Count("conversions", f => f.Conversions),
        CsvColumn<SaleFact>.Number("revenue", f => Money.FromUnits(f.RevenueUnits)),
    ];
}

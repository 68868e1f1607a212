using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

/// <summary>The values each filter offers: only those in the data the user may see.</summary>
public sealed record FilterOptions(
    IReadOnlyList<string> Brands, IReadOnlyList<string> Products, IReadOnlyList<string> Campaigns, IReadOnlyList<string> Platforms,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Tiers, IReadOnlyList<string> Genders)
{
    public static readonly FilterOptions None = new([], [], [], [], [], [], []);

    public static async Task<FilterOptions> ForAsync(BrandScope scope, CampaignDbContext db, CancellationToken ct)
    {
        var sales = scope.Apply(db.SalesDaily.AsNoTracking());
        var brandIds = await sales.Select(s => s.BrandId).Distinct().ToListAsync(ct);
        var productIds = await sales.Select(s => s.ProductId).Distinct().ToListAsync(ct);
        var tiers = await sales.Select(s => s.Tier).Distinct().ToListAsync(ct);
        return new FilterOptions(
            await db.Brands.Where(b => brandIds.Contains(b.Id)).Select(b => b.Name).OrderBy(n => n).ToListAsync(ct),
            await db.Products.Where(p => productIds.Contains(p.Id)).Select(p => p.Name).OrderBy(n => n).ToListAsync(ct),
            await sales.Select(s => s.Campaign).Distinct().OrderBy(n => n).ToListAsync(ct),
            await sales.Select(s => s.Platform).Distinct().OrderBy(n => n).ToListAsync(ct),
            await sales.Select(s => s.Category).Distinct().OrderBy(n => n).ToListAsync(ct),
            Enum.GetNames<Tier>().Where(tiers.Contains).ToList(),
            (await sales.Where(s => s.Gender != null).Select(s => s.Gender!).Distinct().OrderBy(n => n).ToListAsync(ct)));
    }
}

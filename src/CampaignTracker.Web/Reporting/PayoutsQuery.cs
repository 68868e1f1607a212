using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

/// <param name="PostCostShare">The share of the influencer's earned post costs that falls in the view: their revenue in it over their
/// revenue in its dates (1 unless the view cuts sales); earned = rate × orders, or rate × posts × this share.</param>
/// <param name="Whole">Whether the figures are the whole contract (an unfiltered view of everything); otherwise they are the
/// part allocated to the view (dates, brands, products, campaigns, a brand manager's brands), and declared orders are not shown.</param>
public sealed record PayoutRow(
    int Id, string ExternalId, string Name, PayoutBasis Basis, decimal Rate, int? DeclaredOrders, long TrackedOrders, long Posts,
    decimal Declared, decimal Earned, bool Whole, decimal PostCostShare = 1)
{
    public Reconciliation Reconciliation => new(Earned, Declared);
}

/// <param name="Cut">Whether the view cuts sales (brand, product, campaign, a brand manager's scope): then post costs are shared.</param>
public sealed record PayoutSheet(IReadOnlyList<PayoutRow> Rows, bool Whole, bool Cut = false)
{
    public decimal Declared => Rows.Sum(r => r.Declared);
    public decimal Earned => Rows.Sum(r => r.Earned);
    public decimal Difference => Declared - Earned;
    public int Flagged => Rows.Count(r => r.Reconciliation.Flagged);
}

public sealed record BrandPayout(string Brand, OverviewKpis Kpis);

/// <summary>Each brand of a view with the figures the overview shows for the view narrowed to it, and the view's own.</summary>
/// <param name="FirstDate">The first day of any sale or post in the data (null without data): the period of a view without dates.</param>
public sealed record PayoutsByBrand(IReadOnlyList<BrandPayout> Brands, OverviewKpis Total, long DataVersion, DateTimeOffset? RefreshedAt,
    DateOnly? FirstDate, DateOnly? LastDate)
{
    /// <summary>Payout no brand carries: influencers without tracked revenue in a view that does not cut sales.</summary>
    public decimal Unallocated => Total.Payout - Brands.Sum(b => b.Kpis.Payout);
}

/// <summary>
/// DESIGN.md, Reconciliation, for the influencers of a view who have a payout contract: earned (rate × tracked orders,
/// or rate × posts) against declared total_payout. An unfiltered admin view reconciles whole contracts; any other
/// view reconciles the part allocated to it, by the same rules as every other payout figure (SlicePayout).
/// </summary>
public class PayoutsQuery(Reports reports)
{
    public Task<PayoutSheet> RunAsync(ReportView view, string? sort, bool descending, CancellationToken ct) =>
        reports.GetAsync(view, $"payouts|{sort}|{descending}", cube =>
        {
            var sheet = Compute(view.SliceOf(cube));
            return sheet with { Rows = Sort(sheet.Rows, sort, descending) };
        }, ct);

    /// <summary>The payout workbook's "By brand" sheet: revenue, allocated payout, ROAS and iROAS per brand of the view.</summary>
    public async Task<PayoutsByBrand> ByBrandAsync(ReportView view, CancellationToken ct)
    {
        var brands = (await reports.OptionsAsync(view, ct)).Brands.Where(b => view.Filters.Brand.Length == 0 || view.Filters.Brand.Contains(b)).ToList();
        // Each brand's line is the overview of the view narrowed to it: the same cached result the overview page shows.
        return await reports.GetAsync(view, "payouts-by-brand", cube => new PayoutsByBrand(
            brands.Select(brand => new BrandPayout(brand, OverviewQuery.Of(reports, cube, view with { Filters = view.Filters.With(brand: [brand]) }).Kpis)).ToList(),
            OverviewQuery.Of(reports, cube, view).Kpis, cube.Version, cube.RefreshedAt,
            cube.DayCount == 0 ? null : SnapshotCube.DateOf(cube.FirstDay), cube.DayCount == 0 ? null : SnapshotCube.DateOf(cube.LastDay)), ct);
    }

    /// <summary>Payout statuses change between data versions (admins set them), so they are read when shown.</summary>
    public static async Task<IReadOnlyDictionary<int, PayoutStatus>> StatusesAsync(CampaignDbContext db, IEnumerable<int>? influencerIds, CancellationToken ct)
    {
        var payouts = db.Payouts.AsNoTracking();
        if (influencerIds is not null)
        {
            var ids = influencerIds.ToList();
            payouts = payouts.Where(p => ids.Contains(p.InfluencerId));
        }
        return await payouts.ToDictionaryAsync(p => p.InfluencerId, p => p.Status, ct);
    }

    static PayoutSheet Compute(Slice slice)
    {
        var cube = slice.Cube;
        var sales = slice.SalesByInfluencer();
        var earned = new SlicePayout(slice, CostBasis.Earned);
        var declared = new SlicePayout(slice, CostBasis.Declared);
        var whole = !slice.Cut && !slice.Dated;
        var rows = new List<PayoutRow>();
        for (var n = 0; n < cube.Influencers.Length; n++)
        {
            var i = cube.Influencers[n];
            if (i.Contract is not { } contract || (slice.Cut ? !sales[n].Any : !slice.Picks(n))) continue;
            rows.Add(new PayoutRow(i.Id, i.ExternalId, i.Name, contract.Basis, contract.Rate, whole ? contract.DeclaredOrders : null,
                sales[n].Orders, earned.PostsInRange(n),
                decimal.Round(declared.InSlice(slice, n, sales[n]), 2),
                decimal.Round(earned.InSlice(slice, n, sales[n]), 2),
                whole, slice.Cut ? earned.RevenueShare(n, sales[n]) : 1));
        }
        return new PayoutSheet(rows, whole, slice.Cut);
    }

    static IReadOnlyList<PayoutRow> Sort(IReadOnlyList<PayoutRow> rows, string? sort, bool descending)
    {
        // Rows come in name order (SnapshotCube.Influencers) and OrderBy is stable: ties stay in name order.
        IEnumerable<PayoutRow> By<T>(Func<PayoutRow, T> key) => RowOrder.By(rows, key, descending);
        return (sort switch
        {
            "basis" => By(r => r.Basis),
            "rate" => By(r => r.Rate),
            "orders" => By(r => r.TrackedOrders),
            "posts" => By(r => r.Posts),
            "declared" => By(r => r.Declared),
            "earned" => By(r => r.Earned),
            "difference" => By(r => r.Reconciliation.Difference),
            "flag" => By(r => r.Reconciliation.Flagged),
            _ => descending ? Enumerable.Reverse(rows) : rows,   // name order already
        }).ToList();
    }
}

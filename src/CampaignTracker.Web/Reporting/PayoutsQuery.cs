using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

/// <param name="Whole">Whether the figures are the whole contract (an unfiltered view of everything); otherwise they are the
/// part allocated to the view (dates, brands, products, campaigns, a brand manager's brands), and declared orders are not shown.</param>
public sealed record PayoutRow(
    int Id, string ExternalId, string Name, PayoutBasis Basis, decimal Rate, int? DeclaredOrders, long TrackedOrders, long Posts,
    decimal Declared, decimal Earned, bool Whole)
{
    public Reconciliation Reconciliation => new(Earned, Declared);
}

public sealed record PayoutSheet(IReadOnlyList<PayoutRow> Rows, bool Whole)
{
    public decimal Declared => Rows.Sum(r => r.Declared);
    public decimal Earned => Rows.Sum(r => r.Earned);
    public decimal Difference => Declared - Earned;
    public int Flagged => Rows.Count(r => r.Reconciliation.Flagged);
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
                whole));
        }
        return new PayoutSheet(rows, whole);
    }

    static IReadOnlyList<PayoutRow> Sort(IReadOnlyList<PayoutRow> rows, string? sort, bool descending)
    {
        IEnumerable<PayoutRow> By<T>(Func<PayoutRow, T> key) => RowOrder.By(rows, key, descending).ThenBy(r => r.Name, StringComparer.Ordinal);
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
            _ => By(r => r.Name),
        }).ToList();
    }
}

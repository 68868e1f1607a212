using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Payouts;

/// <param name="Brand">The brand's name.</param>
public sealed record BudgetRow(Budget Budget, string Brand, BudgetStatus Status);

/// <summary>
/// The budgets the view's scope may see, with their status today (issue 15). Budgets are few: spent is each budget's
/// overview (earned cost) from the request's snapshots, cached per view like any overview; runs are read and summed
/// in memory (SQLite cannot sum decimals).
/// </summary>
public class BudgetsQuery(CampaignDbContext db, Reports reports, TimeProvider clock)
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IReadOnlyList<BudgetRow>> RunAsync(ReportView view, CancellationToken ct)
    {
        IQueryable<Budget> query = db.Budgets.AsNoTracking();
        if (view.Scope.BrandIds is { } scoped)
        {
            var ids = scoped.ToList();
            query = query.Where(b => ids.Contains(b.BrandId));
        }
        var budgets = await query.ToListAsync(ct);
        if (budgets.Count == 0) return [];

        var brandIds = budgets.Select(b => b.BrandId).Distinct().ToList();
        var brands = await db.Brands.AsNoTracking().Where(b => brandIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var runs = await db.PayoutRuns.AsNoTracking()
            .Where(r => (r.State == PayoutRunState.Approved || r.State == PayoutRunState.Paid) && r.BrandId != null && brandIds.Contains(r.BrandId.Value))
            .Select(r => new { r.From, r.To, r.BrandId, r.State, Amounts = r.Lines.Select(l => l.Amount).ToList() })
            .ToListAsync(ct);
        var cube = await reports.CubeAsync(ct);
        var today = Today;

        return budgets.Select(b =>
            {
                var brand = brands.GetValueOrDefault(b.BrandId, $"brand #{b.BrandId}");
                var spent = 0m;
                if (BudgetStatus.SpentThrough(b.From, b.To, today) is { } through)
                {
                    var filters = new KpiFilters { From = b.From, To = through, Brand = [brand], Campaign = b.Campaign is null ? [] : [b.Campaign] };
                    spent = OverviewQuery.Of(reports, cube, new ReportView(view.Scope, filters, CostBasis.Earned, view.Lift)).Kpis.Payout;
                }
                // Runs are per brand, not per campaign: a campaign's share of a run is unknown.
                decimal? Sum(PayoutRunState state) => b.Campaign is not null ? null
                    : runs.Where(r => r.State == state && BudgetStatus.Counts(b, r.From, r.To, r.BrandId)).Sum(r => r.Amounts.Sum());
                return new BudgetRow(b, brand, BudgetStatus.Of(b.Amount, b.From, b.To, today, spent, Sum(PayoutRunState.Approved), Sum(PayoutRunState.Paid)));
            })
            .OrderBy(r => r.Brand, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Budget.Campaign ?? "", StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Budget.From)
            .ToList();
    }
}

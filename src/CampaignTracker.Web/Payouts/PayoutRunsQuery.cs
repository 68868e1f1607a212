using System.Security.Claims;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Payouts;

public sealed record PayoutRunSummary(int Id, DateOnly From, DateOnly To, string? Brand, PayoutRunState State, string PreparedBy, DateTime PreparedAt,
    int Lines, decimal Earned, decimal Amount);

public sealed record PayoutRunLineRow(int Id, string InfluencerId, string Name, PayoutRunLine Line);

public sealed record PayoutRunDetail(PayoutRun Run, string? Brand, IReadOnlyList<PayoutRunLineRow> Lines)
{
    public decimal Earned => Lines.Sum(l => l.Line.Earned);
    public decimal Amount => Lines.Sum(l => l.Line.Amount);
}

/// <summary>
/// The runs a user may see (issue 15): admins and Finance all; a brand manager the runs of a brand they have, never a run
/// without a brand (it pays their brands' influencers for other brands too). Totals are summed in memory: SQLite cannot sum decimals.
/// </summary>
public class PayoutRunsQuery(CampaignDbContext db)
{
    /// <summary>Finance sees every run; BrandScope itself knows only admins and brand managers.</summary>
    public static BrandScope ScopeFor(ClaimsPrincipal user, BrandScope scope) => user.IsInRole(Roles.Finance) ? BrandScope.All : scope;

    public async Task<IReadOnlyList<PayoutRunSummary>> ListAsync(BrandScope scope, CancellationToken ct)
    {
        var brands = await db.Brands.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        var runs = await Visible(scope).Include(r => r.Lines).OrderByDescending(r => r.Id).ToListAsync(ct);
        return runs.Select(r => new PayoutRunSummary(r.Id, r.From, r.To, r.BrandId is { } b ? brands[b] : null, r.State, r.PreparedBy, r.PreparedAt,
            r.Lines.Count, r.Lines.Sum(l => l.Earned), r.Lines.Sum(l => l.Amount))).ToList();
    }

    /// <summary>Null when there is no such run or it is not this scope's: the same answer, so ids reveal nothing.</summary>
    public async Task<PayoutRunDetail?> GetAsync(int id, BrandScope scope, CancellationToken ct)
    {
        var run = await Visible(scope).Include(r => r.Lines).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (run is null) return null;
        var ids = run.Lines.Select(l => l.InfluencerId).ToList();
        // One JSON parameter (EF.Parameter): a whole-period run has a line per influencer, 50,000 at scale 100, and EF 10
        // otherwise sends a parameter each, past SQLite's limit.
        var influencers = await db.Influencers.AsNoTracking().Where(i => EF.Parameter(ids).Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var brand = run.BrandId is { } b ? await db.Brands.Where(x => x.Id == b).Select(x => x.Name).SingleAsync(ct) : null;
        return new PayoutRunDetail(run, brand, run.Lines
            .Select(l => new PayoutRunLineRow(l.Id, influencers[l.InfluencerId].ExternalId, influencers[l.InfluencerId].Name, l))
            .OrderBy(l => l.Name, StringComparer.CurrentCulture).ToList());
    }

    IQueryable<PayoutRun> Visible(BrandScope scope)
    {
        var runs = db.PayoutRuns.AsNoTracking();
        if (scope.IsAll) return runs;
        var brandIds = scope.BrandIds!.ToList();
        return runs.Where(r => r.BrandId != null && brandIds.Contains(r.BrandId.Value));
    }
}

using System.Security.Claims;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Web.Reporting;

/// <summary>What a page or JSON twin shows: whose view (scope), the filters, and the assumptions in force.</summary>
public sealed record ReportView(BrandScope Scope, KpiFilters Filters, CostBasis Basis, decimal Lift)
{
    /// <summary>Everything a result depends on besides the data (the cache adds the data version).</summary>
    public string Key => $"{Scope.Key}|{Filters.Key}|{Basis}|{Lift}";

    public Slice SliceOf(SnapshotCube cube) => new(cube, Filters, Scope);
}

/// <summary>
/// Where every read starts: the caller's view, and results computed from the current snapshots, cached per
/// (view, data version). Queries are pure functions of the cube, so what they compute can serve anyone with the same view.
/// </summary>
public class Reports(CampaignDbContext db, SettingsStore settings, SnapshotCache cache, IHttpContextAccessor http)
{
    public async Task<ReportView> ViewAsync(ClaimsPrincipal user, KpiFilters filters, CostBasis? basis, CancellationToken ct) =>
        new(await ScopeAsync(user, ct), filters, basis ?? await settings.DefaultCostBasisAsync(ct), await settings.LiftAsync(ct));

    // One scope per request and user: the page and the layout's alert count (AlertBadge) read the user's brands once.
    (ClaimsPrincipal User, BrandScope Scope)? scope;

    /// <summary>The brands <paramref name="user"/> may see, read once per request.</summary>
    public async Task<BrandScope> ScopeAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (scope is { } known && ReferenceEquals(known.User, user)) return known.Scope;
        var read = await BrandScope.ForUserAsync(user, db, ct);
        scope = (user, read);
        return read;
    }

    /// <param name="what">The query and its own parameters (sort, page, search), e.g. "influencers|revenue|desc|2".</param>
    /// <remarks>A result not computed yet waits for a core (<see cref="Cores"/>); a computed one is returned at once.</remarks>
    public async Task<T> GetAsync<T>(ReportView view, string what, Func<SnapshotCube, T> compute, CancellationToken ct) where T : class =>
        await OnACoreAsync(await CubeAsync(ct), Key(what, view), compute, ct);

    async Task<T> OnACoreAsync<T>(SnapshotCube cube, string key, Func<SnapshotCube, T> compute, CancellationToken ct) where T : class
    {
        if (cache.Computed(cube, key) is T ready) return ready;
        using var core = await Cores.OfProcess.ForComputationAsync(ct, ahead: hadACore);
        hadACore = true;
        return await Cores.OnThreadOfItsOwn(() => cache.Get(cube, key, compute));
    }

    // Whether this request has computed something already: its next computation goes ahead of the others waiting.
    bool hadACore;

    // One data version per request: every part of a page comes from the same snapshots, found with one read.
    SnapshotCube? cube;

    /// <summary>The snapshots this request reads (the current version when it first asked), named in the response's
    /// <see cref="DataVersionHeader"/>.</summary>
    public async Task<SnapshotCube> CubeAsync(CancellationToken ct)
    {
        if (cube is not null) return cube;
        cube = await cache.CubeAsync(db, ct);
        if (http.HttpContext?.Response is { HasStarted: false } response) response.Headers[DataVersionHeader] = cube.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return cube;
    }

    /// <summary>Response header: the data version a page, twin or download was computed from (README, Load benchmark).</summary>
    public const string DataVersionHeader = "X-Data-Version";

    /// <summary>A result a computation builds on, cached per view like <see cref="GetAsync{T}"/>'s.</summary>
    public T Within<T>(SnapshotCube cube, ReportView view, string what, Func<SnapshotCube, T> compute) where T : class =>
        cache.Get(cube, Key(what, view), compute);

    // The cache key of a view's result: GetAsync and Within share results, so they must build it alike.
    static string Key(string what, ReportView view) => $"{what}|{view.Key}";

    /// <summary>A result of the data alone, the same for every view (e.g. every post in one column's order), cached per data version.</summary>
    public T OfData<T>(SnapshotCube cube, string what, Func<SnapshotCube, T> compute) where T : class => cache.Get(cube, $"data|{what}", compute);

    /// <summary>The filter values offered to this scope: those in the data it may see.</summary>
    public async Task<FilterOptions> OptionsAsync(ReportView view, CancellationToken ct) =>
        await OnACoreAsync(await CubeAsync(ct), $"options|{view.Scope.Key}", cube => FilterOptions.Of(new Slice(cube, new KpiFilters(), view.Scope)), ct);
}

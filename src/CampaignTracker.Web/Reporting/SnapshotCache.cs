using System.Collections.Concurrent;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// The current <see cref="SnapshotCube"/> and the results computed from it (DESIGN.md, Snapshots: results are
/// cached per filters and data version). Every request asks the database for the data version (one tiny read);
/// when a refresh has bumped it, the cube is reloaded and the results of the old version are dropped with it.
/// So several app instances each follow the database, and none serves numbers of a version it has not loaded.
/// </summary>
public sealed class SnapshotCache(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, ILogger<SnapshotCache> log)
{
    /// <summary>Results kept per version; beyond this the half least recently used goes (bench-load: 50 users with random
    /// views fill it in about a minute; an arbitrary half dropped views in use, whose next request waited as a cold one).</summary>
    public const int MaxResults = 2_000;

    /// <summary>Computations at least this long are logged with their key (what to look at when a page is slow).</summary>
    public const int SlowMilliseconds = 50;

    readonly SemaphoreSlim loading = new(1, 1);
    volatile Loaded? current;
    volatile Loaded? prepared;   // an upload's snapshots, loaded inside its transaction: current once the database has its version

    sealed class Loaded(SnapshotCube cube)
    {
        public SnapshotCube Cube { get; } = cube;
        public ConcurrentDictionary<string, Entry> Results { get; } = new();
    }

    sealed class Entry(Func<object> compute)
    {
        public Lazy<object> Result { get; } = new(compute);

        /// <summary>When it was last asked for (a timestamp); written without a lock: a lost update only ages an entry a little.</summary>
        public long LastUsed = System.Diagnostics.Stopwatch.GetTimestamp();

        public Entry Used()
        {
            LastUsed = System.Diagnostics.Stopwatch.GetTimestamp();
            return this;
        }
    }

    /// <summary>The cube of the database's current data version, loading it if needed.</summary>
    public async Task<SnapshotCube> CubeAsync(CampaignDbContext db, CancellationToken ct) => (await CurrentAsync(db, ct)).Cube;

    /// <summary>
    /// A result for <paramref name="key"/> (which must hold everything the result depends on besides the data:
    /// scope, filters, cost basis, lift, sort, page), computed once from <paramref name="cube"/> and shared while that
    /// cube is the current version's; a result of a cube a refresh replaced is computed for its caller alone.
    /// </summary>
    /// <remarks><paramref name="compute"/> reads only the cube: it may serve other requests than the one that started it,
    /// and may itself build on other results (insights on the influencer and campaign rows of the same view).</remarks>
    public T Get<T>(SnapshotCube cube, string key, Func<SnapshotCube, T> compute) where T : class =>
        current is { } loaded && loaded.Cube == cube ? (T)Result(loaded, key, compute) : compute(cube);

    /// <summary>The result for <paramref name="key"/> when it is computed already for <paramref name="cube"/>, else null (nothing waits).</summary>
    public object? Computed(SnapshotCube cube, string key) =>
        current is { } loaded && loaded.Cube == cube && loaded.Results.TryGetValue(key, out var entry) && entry.Result.IsValueCreated ? entry.Used().Result.Value : null;

    object Result<T>(Loaded loaded, string key, Func<SnapshotCube, T> compute) where T : class
    {
        if (loaded.Results.Count >= MaxResults) DropLeastRecentlyUsedHalf(loaded);
        var lazy = loaded.Results.GetOrAdd(key, _ => new Entry(() =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var result = compute(loaded.Cube);
            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (elapsed.TotalMilliseconds >= SlowMilliseconds) log.LogInformation("Computed {Key} in {Ms:F0} ms", key, elapsed.TotalMilliseconds);
            return result;
        })).Used().Result;
        try
        {
            return lazy.Value;
        }
        catch
        {
            loaded.Results.TryRemove(key, out _);   // a failed computation is not a result
            throw;
        }
    }

    void DropLeastRecentlyUsedHalf(Loaded loaded)
    {
        lock (loaded)
        {
            if (loaded.Results.Count < MaxResults) return;   // another request dropped them meanwhile
            foreach (var (old, _) in loaded.Results.OrderBy(r => r.Value.LastUsed).Take(loaded.Results.Count - MaxResults / 2).ToList())
                loaded.Results.TryRemove(old, out _);
        }
        log.LogInformation("Results of data version {Version}: {Max} kept at most, the half least recently used dropped", loaded.Cube.Version, MaxResults);
    }

    /// <summary>
    /// Loads the current version now, when this process already serves pages (it has loaded a cube before), so the
    /// first page view after a refresh does not wait for it. A command-line import never loaded one: nothing to do.
    /// </summary>
    public Task WarmIfServingAsync(CancellationToken ct) =>
        current is null ? Task.CompletedTask : TryWarmAsync("Could not load the new snapshots ahead of the next request; it will load them itself", ct);

    /// <summary>
    /// Issue 17: the current snapshots in memory before the server listens (Program), so that after a restart no request
    /// waits for them (bench-load --faults, scale 100: 14–20 s for the first requests), and /healthz answers only when pages
    /// are served at their usual speed. A failure is logged; the first request then loads them, as it did before.
    /// </summary>
    public Task WarmBeforeListeningAsync(CancellationToken ct) =>
        TryWarmAsync("Could not load the snapshots before listening; the first request will load them", ct);

    // A load ahead of the requests is an optimisation: its failure is logged, and a request loads them when it comes.
    async Task TryWarmAsync(string failure, CancellationToken ct)
    {
        try
        {
            await WarmAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "{Failure}", failure);
        }
    }

    /// <summary>Loads the current version now, so the next page view is fast.</summary>
    public async Task WarmAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        await CurrentAsync(scope.ServiceProvider.GetRequiredService<CampaignDbContext>(), ct);
    }

    /// <summary>
    /// Issue 17: loads the snapshots an upload's transaction is about to commit, through its own connection (which sees
    /// them), when this process serves pages; after the commit they are current at once. Without it every request after
    /// an upload waited for the new version to load (bench-load, scale 100: 12.9 s, with nothing served meanwhile).
    /// The caller must <see cref="DiscardPrepared"/> when its transaction does not commit: another commit may reuse the version.
    /// </summary>
    /// <returns>Whether it loaded them (false: this process serves no pages, or the load failed and was logged).</returns>
    public async Task<bool> PrepareIfServingAsync(CampaignDbContext db, CancellationToken ct)
    {
        // Only a web server, also one that has served nothing yet (restarted during an upload): not the import or bench commands.
        if (!lifetime.ApplicationStarted.IsCancellationRequested) return false;
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var cube = await SnapshotCube.LoadAsync(db, ct);
            prepared = new Loaded(cube);
            log.LogInformation("Loaded snapshots of data version {Version} before its commit: {Sales} sales rows, {Posts} post rows in {Ms} ms",
                cube.Version, cube.Sales.Length, cube.Posts.Length, started.ElapsedMilliseconds);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not load the upload's snapshots before its commit; the first request after it will load them");
            return false;
        }
    }

    public void DiscardPrepared() => prepared = null;

    async Task<Loaded> CurrentAsync(CampaignDbContext db, CancellationToken ct)
    {
        var version = await VersionAsync(db, ct);
        if (current is { } loaded && loaded.Cube.Version == version) return loaded;
        if (Prepared(version) is { } ready) return ready;
        await loading.WaitAsync(ct);
        try
        {
            if (current is { } other && other.Cube.Version == version) return other;
            while (true)
            {
                var started = System.Diagnostics.Stopwatch.StartNew();
                var cube = await SnapshotCube.LoadAsync(db, ct);
                // A refresh that committed while we read would mix two versions: read again, unless its upload prepared them.
                if (await VersionAsync(db, ct) is var now && now != cube.Version)
                {
                    if (Prepared(now) is { } committed) return committed;
                    continue;
                }
                log.LogInformation("Loaded snapshots of data version {Version}: {Sales} sales rows, {Posts} post rows in {Ms} ms",
                    cube.Version, cube.Sales.Length, cube.Posts.Length, started.ElapsedMilliseconds);
                current = new Loaded(cube);
                return current;
            }
        }
        finally
        {
            loading.Release();
        }
    }

    // The prepared cube, made current, when the database has committed its version.
    Loaded? Prepared(long version)
    {
        if (prepared is not { } ready || ready.Cube.Version != version) return null;
        current = ready;
        prepared = null;
        return ready;
    }

    static async Task<long> VersionAsync(CampaignDbContext db, CancellationToken ct) =>
        await db.DataVersions.AsNoTracking().Select(v => (long?)v.Version).SingleOrDefaultAsync(ct) ?? 0;
}

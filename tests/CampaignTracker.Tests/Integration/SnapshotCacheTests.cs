using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

/// <summary>Results are cached per (view, data version); a snapshot refresh drops them.</summary>
[Collection(AppCollection.Name)]
public class SnapshotCacheTests : IAsyncLifetime
{
    readonly HandMadeApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    async Task<T> WithCacheAsync<T>(Func<SnapshotCache, CampaignDbContext, Task<T>> use)
    {
        using var scope = app.Services.CreateScope();
        return await use(scope.ServiceProvider.GetRequiredService<SnapshotCache>(), scope.ServiceProvider.GetRequiredService<CampaignDbContext>());
    }

    [Fact]
    public async Task A_result_is_computed_once_per_data_version()
    {
        var computed = 0;
        Task<string> Get() => WithCacheAsync(async (cache, db) => cache.Get(await cache.CubeAsync(db, CancellationToken.None), "test", cube => $"{cube.Version}:{++computed}"));

        var first = await Get();
        Assert.Equal(first, await Get());
        Assert.Equal(1, computed);

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RefreshSnapshotsJob>().RunAsync(CancellationToken.None);

        var afterRefresh = await Get();
        Assert.NotEqual(first, afterRefresh);
        Assert.Equal(2, computed);
    }

    [Fact]
    public async Task Beyond_its_bound_the_cache_drops_the_half_of_its_results_least_recently_used() => await WithCacheAsync(async (cache, db) =>
    {
        var cube = await cache.CubeAsync(db, CancellationToken.None);
        for (var i = 0; i < SnapshotCache.MaxResults - 1; i++) cache.Get(cube, $"r{i}", _ => $"v{i}");
        cache.Get(cube, "r0", _ => "computed again");   // the oldest, used again
        cache.Get(cube, "full", _ => "the last that fits");
        cache.Get(cube, "beyond", _ => "one too many");

        Assert.Equal("v0", cache.Computed(cube, "r0"));
        Assert.Null(cache.Computed(cube, "r1"));
        Assert.Null(cache.Computed(cube, $"r{SnapshotCache.MaxResults / 2 - 1}"));
        Assert.Equal($"v{SnapshotCache.MaxResults / 2 + 1}", cache.Computed(cube, $"r{SnapshotCache.MaxResults / 2 + 1}"));
        Assert.Equal(("the last that fits", "one too many"), (cache.Computed(cube, "full"), cache.Computed(cube, "beyond")));
        return true;
    });

    [Fact]
    public async Task Pages_twins_and_downloads_name_the_data_version_they_were_computed_from()
    {
        var admin = await app.AdminAsync();
        static string VersionOf(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues(Reports.DataVersionHeader));
        var before = await WithCacheAsync(async (cache, db) => (await cache.CubeAsync(db, CancellationToken.None)).Version.ToString());
        foreach (var url in new[] { "/", "/Campaigns", "/api/kpis", "/Campaigns?handler=Csv" })
        {
            using var response = await admin.GetAsync(url);
            Assert.Equal((System.Net.HttpStatusCode.OK, before), (response.StatusCode, VersionOf(response)));
        }

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RefreshSnapshotsJob>().RunAsync(CancellationToken.None);
        using var after = await admin.GetAsync("/api/kpis");
        Assert.Equal((long.Parse(before) + 1).ToString(), VersionOf(after));
    }

    [Fact]
    public async Task A_result_built_inside_another_is_shared_while_its_cube_is_current()
    {
        var computed = 0;
        var (viaGet, cube) = await WithCacheAsync(async (cache, db) =>
        {
            var current = await cache.CubeAsync(db, CancellationToken.None);
            return (cache.Get(current, "outer", c => cache.Get(c, "inner", _ => $"inner {++computed}")), current);
        });
        var again = await WithCacheAsync((cache, _) => Task.FromResult(cache.Get(cube, "inner", _ => $"inner {++computed}")));

        Assert.Equal(("inner 1", "inner 1", 1), (viaGet, again, computed));   // computed once, inside "outer"

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<RefreshSnapshotsJob>().RunAsync(CancellationToken.None);
        await WithCacheAsync((cache, db) => cache.CubeAsync(db, CancellationToken.None));   // the new version is loaded

        var stale = await WithCacheAsync((cache, _) => Task.FromResult(cache.Get(cube, "inner", _ => $"inner {++computed}")));
        Assert.Equal("inner 2", stale);   // an old cube's result is computed for its caller, never served from the new version's results
        Assert.Equal("inner 3", await WithCacheAsync((cache, _) => Task.FromResult(cache.Get(cube, "inner", _ => $"inner {++computed}"))));
    }

    // Raw SQL on the fixture's database: a version bump as a refresh commits it, and changes no refresh would make.
    async Task InTransactionAsync(Func<CampaignDbContext, Task> work, bool commit)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE DataVersions SET Version = Version + 1");
        await work(db);
        if (commit) await tx.CommitAsync();
        else await tx.RollbackAsync();
    }

    [Fact]
    public async Task Snapshots_prepared_inside_an_upload_transaction_are_current_as_soon_as_it_commits()
    {
        var before = await WithCacheAsync((cache, db) => cache.CubeAsync(db, CancellationToken.None));   // this process serves: a cube is loaded
        var sales = before.Sales.Length;
        Assert.True(sales > 0);

        var cache = app.Services.GetRequiredService<SnapshotCache>();
        await InTransactionAsync(async db => Assert.True(await cache.PrepareIfServingAsync(db, CancellationToken.None)), commit: true);
        // Not a refresh: no new version. A cube loaded now would have no sales; the one prepared before the commit has them.
        await WithCacheAsync((_, db) => db.Database.ExecuteSqlRawAsync("DELETE FROM SalesDaily"));

        var after = await WithCacheAsync((cache, db) => cache.CubeAsync(db, CancellationToken.None));
        Assert.Equal((before.Version + 1, sales), (after.Version, after.Sales.Length));
    }

    [Fact]
    public async Task Snapshots_prepared_in_a_transaction_that_rolls_back_are_never_served()
    {
        var before = await WithCacheAsync((cache, db) => cache.CubeAsync(db, CancellationToken.None));
        var cache = app.Services.GetRequiredService<SnapshotCache>();

        await InTransactionAsync(async db => Assert.True(await cache.PrepareIfServingAsync(db, CancellationToken.None)), commit: false);
        cache.DiscardPrepared();   // as IngestUploadJob does for an upload that did not commit
        // The same version number, committed by another writer with other data.
        await InTransactionAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM SalesDaily"), commit: true);

        var after = await WithCacheAsync((c, db) => c.CubeAsync(db, CancellationToken.None));
        Assert.Equal((before.Version + 1, 0), (after.Version, after.Sales.Length));
    }

    [Fact]
    public async Task An_upload_shows_at_once_in_a_view_that_was_cached_before()
    {
        var client = await app.AdminAsync();
        async Task<decimal> RevenueAsync() => (await client.GetFromJsonAsync<JsonElement>("/api/kpis")).GetProperty("revenue").GetDecimal();
        Assert.Equal(2_300m, await RevenueAsync());

        var more = TestFiles.Write(("more_tracking.csv", """
            source,campaign,influencer_id,user_id,product,brand,date,orders,revenue
            s.example,Campaign_3,C3,u9,Biotin,HKVitals,2025-06-05,1,250.00
            """));
        Assert.Equal(UploadStatus.Succeeded, (await Ingest.FilesAsync(app, more)).Status);

        Assert.Equal(2_550m, await RevenueAsync());
    }

    [Fact]
    public async Task Views_of_different_scopes_do_not_share_results()
    {
        var admin = await (await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/kpis");
        var manager = await (await app.BrandManagerAsync("hk-cache@test.local", "HKVitals")).GetFromJsonAsync<JsonElement>("/api/kpis");

        Assert.Equal((2_300m, 700m), (admin.GetProperty("revenue").GetDecimal(), manager.GetProperty("revenue").GetDecimal()));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CampaignTracker.Tests.Integration;

/// <summary>
/// Issue 17, faults under load: a busy SQLite database delays requests but never fails them, a request cancelled
/// by its client leaves no half-computed result in the cache, and `bench-load --faults` (the server SIGKILLed during a
/// loaded ingest, then restarted) ends with the upload applied once and exact totals.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class LoadFaultTests : IAsyncLifetime
{
    readonly HandMadeApp app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_writer_holding_the_database_lock_delays_pages_and_sign_in_but_fails_none()
    {
        var admin = await app.AdminAsync();
        var expected = await admin.GetFromJsonAsync<JsonElement>("/api/kpis");
        SqliteConnection.ClearAllPools();

        // Another writer (an upload's transaction, another instance) holds SQLite's write lock for 1.5 s.
        await using var writer = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "campaigntracker.db")}");
        await writer.OpenAsync();
        await using (var begin = writer.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }
        var release = Task.Run(async () =>
        {
            await Task.Delay(1_500);
            await using var commit = writer.CreateCommand();
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        });

        // Reads (WAL: they never wait) and a sign-in, which writes its audit entry and waits for the lock (Default Timeout).
        var pages = new[] { "/", "/Campaigns", "/Influencers", "/Insights", "/Payouts", "/api/kpis" }.Select(url => admin.GetAsync(url)).ToList();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var signIn = AppFactory.PostLoginAsync(app.Client(), AppFactory.AdminEmail, AppFactory.AdminPassword);
        var statuses = (await Task.WhenAll(pages)).Select(r => r.StatusCode).Append((await signIn).StatusCode).ToList();
        waited.Stop();
        await release;

        Assert.True(waited.Elapsed > TimeSpan.FromSeconds(1), $"the sign-in took {waited.Elapsed.TotalSeconds:F2} s: it did not meet the held lock");
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{(int)s}: {string.Join(", ", statuses)}"));
        Assert.Equal(expected.GetRawText(), (await admin.GetFromJsonAsync<JsonElement>("/api/kpis")).GetRawText());
    }

    [Fact]
    public async Task A_computation_that_is_cancelled_leaves_no_result_and_the_next_request_computes_it_in_full()
    {
        using var scope = app.Services.CreateScope();
        var cache = scope.ServiceProvider.GetRequiredService<SnapshotCache>();
        var cube = await cache.CubeAsync(scope.ServiceProvider.GetRequiredService<CampaignDbContext>(), CancellationToken.None);
        var calls = 0;

        // A computation stopped halfway (the request's token fired inside it) throws; it must not stay as the key's result.
        Assert.Throws<OperationCanceledException>(() => cache.Get<string>(cube, "cancel-test", _ => ++calls == 1 ? throw new OperationCanceledException() : "full"));
        Assert.Equal("full", cache.Get<string>(cube, "cancel-test", _ => ++calls == 1 ? throw new OperationCanceledException() : "full"));
        Assert.Equal("full", cache.Get<string>(cube, "cancel-test", _ => "computed again"));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Requests_cancelled_by_their_client_leave_the_same_view_whole_for_the_next_request()
    {
        var admin = await app.AdminAsync();
        const string view = "?from=2025-06-01&to=2025-06-30&brand=HKVitals";
        foreach (var delay in new[] { 0, 1, 5, 20 })
            foreach (var page in new[] { "/", "/Insights", "/Campaigns", "/Influencers" })
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(delay));
                try { (await admin.GetAsync(page + view + $"&lift=0.{delay + 1}", cancel.Token)).Dispose(); }
                catch (OperationCanceledException) { }
            }

        var expected = (await admin.GetFromJsonAsync<JsonElement>("/api/kpis" + view + "&lift=0.1")).GetProperty("revenue").GetDecimal();
        foreach (var page in new[] { "/", "/Insights", "/Campaigns", "/Influencers" })
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(page + view + "&lift=0.1")).StatusCode);
        var overview = await admin.GetStringAsync("/" + view + "&lift=0.1");
        var card = Regex.Match(overview, "data-kpi=\"Revenue\"[\\s\\S]*?kpi-value\">[^<0-9]*([0-9,]+\\.[0-9]{2})<");
        Assert.Equal(expected.ToString("N2", System.Globalization.CultureInfo.InvariantCulture), card.Groups[1].Value);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

/// <summary>The app with the seed's real files (shared/data/seed) ingested.</summary>
public class SeedApp : AppFactory, IAsyncLifetime
{
    public Upload Upload { get; private set; } = null!;

    public async Task InitializeAsync() => Upload = await Ingest.FilesAsync(this, TestFiles.SeedFiles());

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>DESIGN.md, Payout: the figures the product must show on the seed's own data.</summary>
[Collection(AppCollection.Name)]
public class SeedDataTests(SeedApp app) : IClassFixture<SeedApp>
{
    async Task<JsonElement> KpisAsync(string query = "") =>
        await (await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/kpis" + query);

    [Fact]
    public void The_seed_files_load_with_their_duplicate_urls_and_odd_rows()
    {
        Assert.Equal(UploadStatus.Succeeded, app.Upload.Status);
        Assert.Equal(26_000, app.Upload.RowsInserted);   // 500 + 10,000 posts (URLs repeat, keys do not) + 15,000 + 500
        Assert.Contains("likes + comments exceed reach in 888 row(s)", app.Upload.Report);
    }

    [Fact]
    public void The_snapshot_refresh_leaves_the_snapshot_indexes_in_place()
    {
        var indexes = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Database
            .SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('SalesDaily', 'PostDaily')").ToList());
        Assert.Equal(["IX_SalesDaily_Date"], indexes.Order());   // the one the model defines (an incremental refresh deletes a date range)
    }

    [Fact]
    public async Task Earned_cost_figures_match_design()
    {
        var k = await KpisAsync();
        Assert.Equal(3_882_437.34m, k.GetProperty("revenue").GetDecimal());
        Assert.Equal(1_146_677.02m, k.GetProperty("payout").GetDecimal());
        Assert.Equal(0.781m, decimal.Round(k.GetProperty("iroas").GetDecimal(), 3));
        Assert.Equal(20.90m, decimal.Round(k.GetProperty("err").GetDecimal(), 2));
        Assert.Equal(74_846, k.GetProperty("orders").GetInt64());
    }

    [Fact]
    public async Task Declared_cost_figures_match_design()
    {
        var k = await KpisAsync("?cost=declared");
        Assert.Equal(351_303.22m, k.GetProperty("payout").GetDecimal());
        Assert.Equal(2.550m, decimal.Round(k.GetProperty("iroas").GetDecimal(), 3));
    }

    [Fact]
    public async Task The_same_tracking_file_again_is_refused_and_changes_nothing()
    {
        var before = await KpisAsync();
        var again = await Ingest.FilesAsync(app, Path.Combine(TestFiles.SeedFolder(), "tracking_data.csv"));
        Assert.Equal(UploadStatus.Failed, again.Status);
        Assert.Contains($"the same file (SHA-256) as upload #{app.Upload.Id}, already applied", again.Report);
        Assert.Equal(before.GetProperty("revenue").GetDecimal(), (await KpisAsync()).GetProperty("revenue").GetDecimal());
        var page = await (await app.AdminAsync()).GetStringAsync($"/Uploads/Details/{again.Id}");
        Assert.Contains($"<a href=\"/Uploads/Details/{app.Upload.Id}\">upload #{app.Upload.Id}</a>", page);   // a link to the earlier upload
    }
}

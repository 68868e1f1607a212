using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Ingestion;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Reporting;

/// <summary>The incremental refresh after an append-only tracking batch must leave exactly what a full rebuild leaves.</summary>
[Collection(AppCollection.Name)]
public class SnapshotRefresherTests : IDisposable
{
    readonly AppFactory app = new();
    readonly string folder = Path.Combine(Path.GetTempPath(), "ct-snapshots-" + Guid.NewGuid().ToString("N"));

    // 30 days later: half the batch's 60 days overlap the first batch's, so grains of both batches meet on the same
    // SalesDaily rows. 60 days later: every date is new, and SalesDaily grows from the batch's rows alone, grouped in
    // memory as they streamed in, or in SQL when the batch has more rows than Ingestion:MaxRowsGroupedInMemory.
    [Theory]
    [InlineData(30, "2025-07-01", null, "all rows dated in the batch's range")]
    [InlineData(60, "2025-09-01", null, "the batch's rows, grouped in memory: its dates are new")]
    [InlineData(60, "2025-09-01", "1000", "the batch's rows: its dates are new")]
    public async Task An_appended_tracking_batch_refreshes_to_the_same_snapshots_as_a_full_rebuild(int daysLater, string newProductDate,
        string? maxRowsGroupedInMemory, string rebuiltFrom)
    {
        if (maxRowsGroupedInMemory is not null) app.Settings["Ingestion:MaxRowsGroupedInMemory"] = maxRowsGroupedInMemory;
        var asOf = new DateOnly(2025, 7, 21);
        var files = DemoDataGenerator.Write(folder, new DemoOptions(1, AsOf: asOf));
        Assert.Equal(UploadStatus.Succeeded, (await Ingest.FilesAsync(app, files.All.ToArray())).Status);
        // One row names a product that is not in the catalogue yet (a new product, its brand given).
        var batch = Path.Combine(folder, "next", "tracking_data.csv");
        DemoDataGenerator.WriteTrackingBatch(batch, new DemoOptions(1, Seed: 7, AsOf: asOf.AddDays(daysLater)));
        File.AppendAllText(batch, $"new.example,Campaign_11,17,user_1,Kale Chips,GreenCo,{newProductDate},3,99.99\n");

        Assert.Contains(await UploadPhasesAsync([batch]), p => p.Phase == $"KPI snapshots, incremental ({rebuiltFrom})");
        var incremental = await SnapshotsAsync();

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SnapshotRefresher>().RefreshAsync(CancellationToken.None);
        var full = await SnapshotsAsync();

        Assert.Equal(30_001, app.Using(sp => sp.GetRequiredService<CampaignDbContext>().TrackingRows.Count()));
        Assert.Equal(full.Sales.Count, incremental.Sales.Count);
        Assert.Equal(full.Sales, incremental.Sales);
        Assert.Equal(full.Posts, incremental.Posts);
        Assert.Equal(full.Totals, incremental.Totals);
    }

    // The first load's SalesDaily comes from its rows held in memory; the same upload rebuilt in SQL must give the same.
    // Demo data at scale 1 has grains of several rows (fewer SalesDaily rows than tracking rows): the sums are exercised.
    [Fact]
    public async Task A_first_load_groups_sales_in_memory_to_the_same_snapshots_as_SQL()
    {
        var files = DemoDataGenerator.Write(folder, new DemoOptions(1, AsOf: new DateOnly(2025, 7, 21)));
        Assert.Contains(await UploadPhasesAsync(files.All.ToArray()), p => p.Phase == "KPI snapshots, full rebuild (sales grouped in memory: the upload's rows are every tracking row)");
        var inMemory = await SnapshotsAsync();

        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<SnapshotRefresher>().RefreshAsync(CancellationToken.None);
        var sql = await SnapshotsAsync();

        Assert.InRange(sql.Sales.Count, 1, app.Using(sp => sp.GetRequiredService<CampaignDbContext>().TrackingRows.Count()) - 1);
        Assert.Equal(sql.Sales, inMemory.Sales);
        Assert.Equal(sql.Totals, inMemory.Totals);
    }

    [Fact]
    public async Task A_batch_with_influencers_rebuilds_everything()
    {
        var files = DemoDataGenerator.Write(folder, new DemoOptions(1, AsOf: new DateOnly(2025, 7, 21)));
        Assert.Contains(await UploadPhasesAsync([files.Influencers, files.TrackingData]), p => p.Phase.Contains("full rebuild"));
    }

    // Stores the files as an upload and runs its job here; the phases it timed.
    async Task<IReadOnlyList<PhaseTiming>> UploadPhasesAsync(params string[] paths)
    {
        var timings = app.Services.GetRequiredService<UploadTimings>();
        int uploadId;
        using (var scope = app.Services.CreateScope())
            uploadId = (await scope.ServiceProvider.GetRequiredService<UploadStore>().StorePathsAsync(paths, "test", CancellationToken.None)).Id;
        timings.Watch(uploadId);
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<IngestUploadJob>().RunAsync(uploadId, CancellationToken.None);
        return timings.Take(uploadId);
    }

    async Task<(List<string> Sales, List<string> Posts, List<string> Totals)> SnapshotsAsync()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var sales = (await db.SalesDaily.AsNoTracking().ToListAsync())
            .Select(s => $"{s.Date:yyyy-MM-dd}|{s.InfluencerId}|{s.BrandId}|{s.ProductId}|{s.Campaign}|{s.Platform}|{s.Category}|{s.Gender}|{s.Tier}|" +
                         $"{s.Orders}|{s.Conversions}|{s.RevenueUnits}|{s.OrderCostUnits}")
            .Order(StringComparer.Ordinal).ToList();
        var posts = (await db.PostDaily.AsNoTracking().ToListAsync())
            .Select(p => $"{p.Date:yyyy-MM-dd}|{p.InfluencerId}|{p.Platform}|{p.Category}|{p.Gender}|{p.Tier}|{p.Posts}|{p.Reach}|{p.Likes}|{p.Comments}")
            .Order(StringComparer.Ordinal).ToList();
        var totals = (await db.InfluencerTotals.AsNoTracking().ToListAsync())
            .Select(t => $"{t.InfluencerId}|{t.RevenueUnits}|{t.Orders}|{t.Posts}|{t.PostCostUnits}|{t.OrderCostUnits}|{t.DeclaredUnits}")
            .Order(StringComparer.Ordinal).ToList();
        return (sales, posts, totals);
    }

    public void Dispose()
    {
        app.Dispose();
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}

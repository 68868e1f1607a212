using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Ingestion;

/// <summary>DESIGN.md keys: influencers, posts and payouts upsert; a tracking file is a batch that can be replaced.</summary>
[Collection(AppCollection.Name)]
public class ReuploadTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    async Task<decimal> RevenueAsync() =>
        (await (await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/kpis")).GetProperty("revenue").GetDecimal();

    [Fact]
    public async Task The_same_files_again_are_unchanged_and_an_edited_row_is_updated()
    {
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(
            ("influencers.csv", HandMadeData.Influencers.Replace("Asha Rao,Fitness,Female,50000", "Asha Rao,Fitness,Female,51000")),
            ("payouts.csv", HandMadeData.Payouts),
            ("posts.csv", HandMadeData.Posts.Replace(",first,3000,200,30", ",first,3000,250,30"))));

        Assert.Equal(UploadStatus.Succeeded, upload.Status);
        // influencers: A1 updated, B2 and C3 unchanged; payouts: 2 unchanged; posts: one updated, three unchanged
        Assert.Equal((0, 2, 7), (upload.RowsInserted, upload.RowsUpdated, upload.RowsUnchanged));
    }

    [Fact]
    public async Task A_corrected_tracking_file_replaces_the_earlier_batch_atomically()
    {
        var original = await Ingest.FilesAsync(app, TestFiles.Write(("tracking_data.csv", """
            source,campaign,influencer_id,user_id,product,brand,date,orders,revenue
            s.example,Campaign_9,A1,u9,Whey Protein,MuscleBlaze,2025-06-05,1,100.00
            s.example,Campaign_9,A1,u9,Whey Protein,MuscleBlaze,2025-06-06,1,100.00
            """)));
        Assert.Equal(UploadStatus.Succeeded, original.Status);
        var withOriginal = await RevenueAsync();

        Upload corrected;
        using (var scope = app.Services.CreateScope())
        {
            var path = TestFiles.Write(("tracking_data.csv", """
                source,campaign,influencer_id,user_id,product,brand,date,orders,revenue
                s.example,Campaign_9,A1,u9,Whey Protein,MuscleBlaze,2025-06-05,1,150.00
                """))[0];
            await using var content = File.OpenRead(path);
            corrected = await scope.ServiceProvider.GetRequiredService<UploadStore>()
                .StoreAsync([new UploadStore.Incoming("tracking_data.csv", content)], "test", CancellationToken.None, replacesUploadId: original.Id);
            await scope.ServiceProvider.GetRequiredService<IngestUploadJob>().RunAsync(corrected.Id, CancellationToken.None);
        }

        var result = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Uploads.AsNoTracking().Single(u => u.Id == corrected.Id));
        Assert.Equal(UploadStatus.Succeeded, result.Status);
        Assert.Equal(withOriginal - 200m + 150m, await RevenueAsync());
        Assert.Equal(0, app.Using(sp => sp.GetRequiredService<CampaignDbContext>().TrackingRows.Count(t => t.UploadId == original.Id)));
    }

    [Fact]
    public async Task A_tracking_file_with_ids_upserts_by_tracking_id()
    {
        const string header = "tracking_id,source,campaign,influencer_id,user_id,product,brand,date,orders,revenue";
        var first = await Ingest.FilesAsync(app, TestFiles.Write(("orders.csv", $"""
            {header}
            ORD-1,s,Campaign_8,B2,u,Biotin,HKVitals,2025-06-07,1,50.00
            ORD-2,s,Campaign_8,B2,u,Biotin,HKVitals,2025-06-07,2,60.00
            """)));
        var second = await Ingest.FilesAsync(app, TestFiles.Write(("orders-v2.csv", $"""
            {header}
            ORD-2,s,Campaign_8,B2,u,Biotin,HKVitals,2025-06-07,2,65.00
            ORD-3,s,Campaign_8,B2,u,Biotin,HKVitals,2025-06-08,1,70.00
            """)));

        Assert.Equal((2, 0), (first.RowsInserted, first.RowsUpdated));
        Assert.Equal((1, 1), (second.RowsInserted, second.RowsUpdated));
        var revenue = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().TrackingRows.Where(t => t.Campaign == "Campaign_8")
            .AsEnumerable().Sum(t => t.Revenue));
        Assert.Equal(50m + 65m + 70m, revenue);
    }
}

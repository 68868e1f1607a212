using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

[Collection(AppCollection.Name)]
public class ServingDuringUploadTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    [Fact]
    public async Task The_dashboard_serves_the_previous_data_while_an_upload_is_written()
    {
        var admin = await app.AdminAsync();
        async Task<decimal> Revenue() => (await admin.GetFromJsonAsync<JsonElement>("/api/kpis")).GetProperty("revenue").GetDecimal();
        var before = await Revenue();
        var files = DemoDataGenerator.Write(Path.Combine(app.DataDirectory, "serving-demo"), new DemoOptions(Scale: 20));
        var progress = app.Services.GetRequiredService<UploadProgress>();

        Upload upload;
        using (var scope = app.Services.CreateScope())
            upload = await scope.ServiceProvider.GetRequiredService<UploadStore>().StorePathsAsync(files.All, "test", CancellationToken.None);
        var ingestion = Task.Run(async () =>
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<IngestUploadJob>().RunAsync(upload.Id, CancellationToken.None);
        });

        // Wait until the job is inside its write transaction writing rows, then read while it writes. Scale 20
        // (520,000 rows) keeps the writing phase seconds long even on a busy machine; the read takes milliseconds.
        var deadline = Stopwatch.StartNew();
        while (progress.Of(upload.Id)?.Phase != UploadPhase.Writing && !ingestion.IsCompleted && deadline.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(5);
        if (ingestion.IsCompleted)
        {
            await ingestion;   // a job that threw shows its own exception
            var finished = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Uploads.Single(u => u.Id == upload.Id));
            Assert.Fail($"the upload finished before it could be observed while writing: {finished.Status} after {deadline.Elapsed.TotalSeconds:F1} s, {finished.Report}");
        }
        var read = Stopwatch.StartNew();
        var during = await Revenue();
        read.Stop();
        var stillWriting = !ingestion.IsCompleted;
        var phaseAfterRead = progress.Of(upload.Id)?.Phase;

        await ingestion;
        var after = await Revenue();

        Assert.True(stillWriting, $"the read did not overlap the write (read took {read.Elapsed.TotalSeconds:F2} s; phase then: {phaseAfterRead})");
        Assert.Equal(before, during);                      // the committed data, not a partial upload
        Assert.True(read.Elapsed < TimeSpan.FromSeconds(2), $"the read waited {read.Elapsed.TotalSeconds:F1} s for the writer");
        Assert.True(after > before, "the upload's revenue appears once it has committed");
    }
}

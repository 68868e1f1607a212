using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

public static class Ingest
{
    /// <summary>Stores the files as one upload and runs the ingestion job on it, as Hangfire would.</summary>
    public static async Task<Upload> FilesAsync(AppFactory app, params string[] paths)
    {
        using var scope = app.Services.CreateScope();
        var upload = await scope.ServiceProvider.GetRequiredService<UploadStore>().StorePathsAsync(paths, "test", CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<IngestUploadJob>().RunAsync(upload.Id, CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        return await db.Uploads.AsNoTracking().Include(u => u.Files).SingleAsync(u => u.Id == upload.Id);
    }
}

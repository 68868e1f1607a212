using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion.Sources;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// `import DIR_OR_FILES...`: the upload pipeline without the web server. Exit 0 when applied,
/// 1 with every error on standard error otherwise, 2 for bad arguments.
/// </summary>
public static class ImportCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter stdout, TextWriter stderr)
    {
        var paths = args.SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a).Where(IsTable).Order() : (IEnumerable<string>)[a]).ToList();
        if (paths.Count == 0)
        {
            stderr.WriteLine("usage: import DIR_OR_FILES...   (CSV, XLSX or ZIP files of influencers, posts, tracking_data, payouts, catalogue)");
            return 2;
        }
        if (paths.FirstOrDefault(p => !File.Exists(p)) is { } missing)
        {
            stderr.WriteLine($"import: no such file: {missing}");
            return 2;
        }

        using var scope = services.CreateScope();
        var upload = await scope.ServiceProvider.GetRequiredService<UploadStore>().StorePathsAsync(paths, "command line", CancellationToken.None);
        // The job with the import limits in place of the web upload's (IngestionLimits: Ingestion:MaxImportFileBytes).
        var importLimits = IngestionLimits.From(scope.ServiceProvider.GetRequiredService<IConfiguration>(), forImport: true);
        var job = ActivatorUtilities.CreateInstance<IngestUploadJob>(scope.ServiceProvider, importLimits);
        await job.RunAsync(upload.Id, CancellationToken.None);
        // No Hangfire server runs the alert job in this process: evaluate here, as the web server's job would.
        if (job.Applied)
        {
            var alerts = await scope.ServiceProvider.GetRequiredService<Alerts.EvaluateAlertsJob>().RunAsync(CancellationToken.None);
            stdout.WriteLine($"alerts evaluated in {alerts.Took.TotalSeconds:F1} s: {alerts.Opened} new, {alerts.Resolved} resolved, {alerts.Open} not resolved");
        }

        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var result = await db.Uploads.AsNoTracking().Include(u => u.Files).SingleAsync(u => u.Id == upload.Id);
        foreach (var file in result.Files)
            stdout.WriteLine($"{file.FileName}: {file.Dataset?.ToString() ?? "unrecognised"}, {file.RowCount} rows");
        if (result.Status != UploadStatus.Succeeded)
        {
            stderr.WriteLine($"import failed (upload #{result.Id}); nothing was changed:");
            stderr.WriteLine(result.Report);
            return 1;
        }
        stdout.WriteLine($"upload #{result.Id} applied: {result.RowsInserted} inserted, {result.RowsUpdated} updated, {result.RowsUnchanged} unchanged");
        if (result.Report is { } warnings) stdout.WriteLine(warnings);
        return 0;
    }

    static bool IsTable(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".tsv" or ".txt" or ".xlsx" or ".zip";
}

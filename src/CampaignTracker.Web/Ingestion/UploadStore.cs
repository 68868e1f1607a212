using System.Security.Cryptography;
using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Ingestion;

/// <summary>Stores uploaded files (bytes, SHA-256, who, when) and the Upload row, before any job runs.</summary>
public class UploadStore(CampaignDbContext db, StoragePaths paths, TimeProvider clock)
{
    public sealed record Incoming(string FileName, Stream Content);

    /// <param name="dataset">The dataset of every file when chosen by hand; null: recognised from each header.</param>
    public async Task<Upload> StoreAsync(IEnumerable<Incoming> files, string uploadedBy, CancellationToken ct,
        Dataset? dataset = null, int? replacesUploadId = null)
    {
        var folder = Path.Combine(paths.Uploads, $"{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var upload = new Upload { UploadedBy = uploadedBy, UploadedAt = clock.GetUtcNow(), Status = UploadStatus.Queued, ReplacesUploadId = replacesUploadId };
        foreach (var (incoming, index) in files.Select((f, i) => (f, i)))
        {
            var storedPath = Path.Combine(folder, $"{index:D2}-{SafeName(incoming.FileName)}");
            await using (var target = File.Create(storedPath))
                await incoming.Content.CopyToAsync(target, ct);
            upload.Files.Add(new UploadFile
            {
                FileName = Path.GetFileName(incoming.FileName),
                StoredPath = storedPath,
                Sha256 = await Sha256Async(storedPath, ct),
                SizeBytes = new FileInfo(storedPath).Length,
                Dataset = dataset,
                DatasetChosenByHand = dataset is not null,
            });
        }
        db.Uploads.Add(upload);
        await db.SaveChangesAsync(ct);
        return upload;
    }

    public async Task<Upload> StorePathsAsync(IEnumerable<string> paths, string uploadedBy, CancellationToken ct)
    {
        var streams = paths.Select(p => new Incoming(Path.GetFileName(p), File.OpenRead(p))).ToList();
        try { return await StoreAsync(streams, uploadedBy, ct); }
        finally { foreach (var s in streams) await s.Content.DisposeAsync(); }
    }

    static string SafeName(string name) =>
        new(Path.GetFileName(name).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());

    static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}

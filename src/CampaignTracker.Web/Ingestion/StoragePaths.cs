namespace CampaignTracker.Web.Ingestion;

/// <summary>The app's data folder (Storage:DataDirectory, default App_Data under the content root).</summary>
public sealed class StoragePaths(string dataDirectory)
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);
    public string Uploads => Path.Combine(DataDirectory, "uploads");
    public string Demo => Path.Combine(DataDirectory, "demo");

    /// <summary>Attachments of queued mails (OutboxMessage.AttachmentPath is relative to the data folder).</summary>
    public string Mail => Path.Combine(DataDirectory, "mail");

    /// <summary>Why the data folder cannot be written, or null: a small file is created in it and deleted.</summary>
    /// <param name="create">Create the folder first, as start-up does; a health check does not, so that a removed folder shows.</param>
    public string? WriteProblem(bool create)
    {
        try
        {
            if (create) Directory.CreateDirectory(DataDirectory);
            else if (!Directory.Exists(DataDirectory)) return "it does not exist";
            var probe = Path.Combine(DataDirectory, $".write-check-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, [0]);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return e.Message.TrimEnd('.');
        }
    }

    public static StoragePaths From(IConfiguration config, string contentRoot) =>
        new(config["Storage:DataDirectory"] is { Length: > 0 } dir ? Path.Combine(contentRoot, dir) : Path.Combine(contentRoot, "App_Data"));
}

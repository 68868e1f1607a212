namespace CampaignTracker.Web.Ingestion;

/// <summary>The app's data folder (Storage:DataDirectory, default App_Data under the content root).</summary>
public sealed class StoragePaths(string dataDirectory)
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);
    public string Uploads => Path.Combine(DataDirectory, "uploads");
    public string Demo => Path.Combine(DataDirectory, "demo");

    public static StoragePaths From(IConfiguration config, string contentRoot) =>
        new(config["Storage:DataDirectory"] is { Length: > 0 } dir ? Path.Combine(contentRoot, dir) : Path.Combine(contentRoot, "App_Data"));
}

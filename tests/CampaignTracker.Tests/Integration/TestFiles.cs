namespace CampaignTracker.Tests.Integration;

/// <summary>Locates shared/data/seed (a sibling of the repository) and writes small hand-made CSV files.</summary>
public static class TestFiles
{
    public static string SeedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "data", "seed"), Path.Combine(dir.FullName, "..", "shared", "data", "seed") })
                if (File.Exists(Path.Combine(candidate, "influencers.csv"))) return Path.GetFullPath(candidate);
        }
        throw new InvalidOperationException("shared/data/seed not found next to the repository: the seed files are needed by this test");
    }

    public static string[] SeedFiles() => Directory.GetFiles(SeedFolder(), "*.csv");

    /// <summary>The repository the tests run from: the folder that holds CampaignTracker.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CampaignTracker.sln"))) return dir.FullName;
        throw new InvalidOperationException("no CampaignTracker.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>Writes the given files (name → content) into a new temp folder and returns their paths.</summary>
    public static string[] Write(params (string Name, string Content)[] files)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ct-files-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return files.Select(f =>
        {
            var path = Path.Combine(folder, f.Name);
            File.WriteAllText(path, f.Content.ReplaceLineEndings("\n"));
            return path;
        }).ToArray();
    }
}

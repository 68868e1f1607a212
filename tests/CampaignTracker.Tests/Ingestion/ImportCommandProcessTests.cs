using System.Diagnostics;
using CampaignTracker.Tests.Integration;
using Xunit.Abstractions;

namespace CampaignTracker.Tests.Ingestion;

/// <summary>
/// `import` of operator-size files, run as an operator runs it (`dotnet CampaignTracker.Web.dll import …`) with the
/// default settings: the scale-100 demo posts.csv (110 MB) is over the web upload's limit (Ingestion:MaxFileBytes,
/// 100 MB) and within the import command's (Ingestion:MaxImportFileBytes, 2 GB).
/// </summary>
public sealed class ImportCommandProcessTests(ITestOutputHelper output) : IDisposable
{
    const long WebLimit = 100L * 1024 * 1024;
    readonly string folder = Path.Combine(Path.GetTempPath(), "ct-import-cli-" + Guid.NewGuid().ToString("N"));

    Dictionary<string, string> Environment => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Storage__DataDirectory"] = Path.Combine(folder, "data"),
        ["Database__Provider"] = "Sqlite",
        ["ConnectionStrings__CampaignTracker"] = "",   // over any user secret: the SQLite file in the data folder
        ["Demo__SeedOnFirstRun"] = "false",
        ["Jobs__RunServer"] = "false",
        ["Bootstrap__AdminEmail"] = "admin@import.test",
        ["Bootstrap__AdminPassword"] = $"Imp-{Guid.NewGuid():N}-X9!",
    };

    // Only the refused file and the influencers its rows name: the tracking and payouts files would add a minute
    // of ingestion (README, Benchmarks) and prove nothing more about the size limit.
    [Fact]
    [Trait("Category", "Slow")]
    public async Task Import_applies_a_file_over_the_web_limit_with_the_default_settings()
    {
        var demo = Path.Combine(folder, "demo");
        var clock = Stopwatch.StartNew();
        using (var generate = AppProcess.Start(Environment, "generate-demo", "--out", demo, "--scale", "100"))
            Assert.True(await generate.ExitCodeAsync(TimeSpan.FromMinutes(2)) == 0, generate.Output);
        var posts = Path.Combine(demo, "posts.csv");
        Assert.True(new FileInfo(posts).Length > WebLimit, $"posts.csv is {new FileInfo(posts).Length:N0} bytes: not over the web limit");
        File.Delete(Path.Combine(demo, "tracking_data.csv"));   // 116 MB of disk the test does not need
        output.WriteLine($"generate-demo --scale 100: {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        using var import = AppProcess.Start(Environment, "import", Path.Combine(demo, "influencers.csv"), posts);
        var code = await import.ExitCodeAsync(TimeSpan.FromMinutes(10));
        output.WriteLine($"import of influencers.csv and posts.csv: {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(code == 0, import.Output);
        Assert.Contains("posts.csv: Posts, 1000000 rows", import.Output);
        Assert.Contains("influencers.csv: Influencers, 50000 rows", import.Output);
        Assert.Contains("applied: 1050000 inserted, 0 updated, 0 unchanged", import.Output);
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}

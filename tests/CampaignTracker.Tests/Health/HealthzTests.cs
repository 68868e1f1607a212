using System.Net;
using System.Text.Json;
using CampaignTracker.Tests.Integration;

namespace CampaignTracker.Tests.Health;

/// <summary>The Hangfire server on, as in production: /healthz names each component.</summary>
public class HealthzApp : AppFactory
{
    public HealthzApp() => RunJobs = true;
}

[Collection(AppCollection.Name)]
public class HealthzTests(HealthzApp app) : IClassFixture<HealthzApp>
{
    internal static async Task<(HttpStatusCode Code, JsonElement Body, string Text)> GetAsync(AppFactory app)
    {
        var response = await app.Client().GetAsync("/healthz");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement, text);
    }

    internal static Dictionary<string, (string Status, string Description)> Checks(JsonElement body) =>
        body.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!, c => (c.GetProperty("status").GetString()!, c.GetProperty("description").GetString()!));

    [Fact]
    public async Task Healthz_reports_the_database_the_hangfire_server_and_the_data_folder_by_name()
    {
        _ = app.Server;
        // The hosted Hangfire server announces itself just after the app starts.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var (code, body, text) = await GetAsync(app);
        while (code != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            (code, body, text) = await GetAsync(app);
        }

        Assert.True(code == HttpStatusCode.OK, text);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = Checks(body);
        Assert.Equal(["database", "hangfire", "data-folder"], checks.Keys);
        Assert.All(checks.Values, c => Assert.Equal("Healthy", c.Status));
        Assert.StartsWith("running, last heartbeat ", checks["hangfire"].Description);
        Assert.Equal("exists and is writable", checks["data-folder"].Description);
    }
}

/// <summary>The SQLite file outside the data folder, so that the folder can be taken away while the database stays.</summary>
public sealed class DataFolderGoneApp : AppFactory
{
    public string DatabaseFolder { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ct-tests-db-" + Guid.NewGuid().ToString("N"))).FullName;

    public DataFolderGoneApp() => Settings["ConnectionStrings:CampaignTracker"] = $"Data Source={Path.Combine(DatabaseFolder, "campaigntracker.db")}";

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(DatabaseFolder, recursive: true); } catch (IOException) { }
    }
}

[Collection(AppCollection.Name)]
public class HealthzDataFolderTests(DataFolderGoneApp app) : IClassFixture<DataFolderGoneApp>
{
    [Fact]
    public async Task Without_a_server_in_this_process_hangfire_is_healthy_and_says_so()
    {
        var (code, body, _) = await HealthzTests.GetAsync(app);

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal(("Healthy", "not run in this process"), HealthzTests.Checks(body)["hangfire"]);
    }

    [Fact]
    public async Task A_removed_data_folder_is_503_naming_the_data_folder()
    {
        _ = app.Server;
        Directory.Delete(app.DataDirectory, recursive: true);   // tests run as root: chmod would not stop the check
        try
        {
            var (code, body, text) = await HealthzTests.GetAsync(app);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
            Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
            var checks = HealthzTests.Checks(body);
            Assert.Equal(("Unhealthy", "missing or not writable (Storage:DataDirectory)"), checks["data-folder"]);
            Assert.Equal("Healthy", checks["database"].Status);
            Assert.DoesNotContain(app.DataDirectory, text);   // anyone may ask: no paths, no exception messages
        }
        finally
        {
            Directory.CreateDirectory(app.DataDirectory);   // the other test of this fixture
        }
    }
}

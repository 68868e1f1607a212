using System.Text.RegularExpressions;
using CampaignTracker.Web.Demo;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace CampaignTracker.Tests.Integration;

/// <summary>
/// Kill and restart on real processes (README, Background jobs): the data, the snapshots and the Succeeded
/// marker of an upload commit together, and at start-up an upload left Running is queued again. The app is
/// killed with SIGKILL inside the write transaction twice, once as `import` and once as the web server
/// running the requeued Hangfire job; then it is started again and must apply the upload in full.
/// </summary>
public sealed class DurabilityTests : IDisposable
{
    // 2,500 influencers, 50,000 posts, 75,000 tracking rows, 2,500 payouts: seconds of writing after the posts.
    static readonly DemoOptions Demo = new(Scale: 5, AsOf: new DateOnly(2025, 6, 30));
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    // UploadApplier logs it inside the write transaction once every post is written; the tracking file comes next.
    static readonly Regex PostsWritten = new(@"posts\.csv: \d+ Posts rows");
    static readonly Regex Listening = new(@"CampaignTracker is running: browse to (\S+)/ ");
    const string Requeued = "were interrupted and are queued again";

    // Every table an upload writes; the migrations seed none of them.
    static readonly string[] DataTables =
        ["Influencers", "Posts", "TrackingRows", "Payouts", "Brands", "Products", "SalesDaily", "PostDaily", "InfluencerTotals", "DataVersions"];

    readonly string folder = Path.Combine(Path.GetTempPath(), "ct-durability-" + Guid.NewGuid().ToString("N"));
    readonly ITestOutputHelper output;
    readonly Dictionary<string, string> environment;
    readonly List<(string Name, AppProcess App)> started = [];

    public DurabilityTests(ITestOutputHelper output)
    {
        this.output = output;
        environment = new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__DataDirectory"] = Path.Combine(folder, "data"),
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__CampaignTracker"] = "",   // over any user secret: the SQLite file in the data folder
            ["Demo__SeedOnFirstRun"] = "false",
            ["Jobs__RunServer"] = "true",
            ["Bootstrap__AdminEmail"] = "admin@durability.test",
            ["Bootstrap__AdminPassword"] = $"Dur-{Guid.NewGuid():N}-X9!",
            ["Logging__LogLevel__CampaignTracker"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",   // without it, the legacy console options override FormatterOptions
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };
    }

    string DatabasePath => Path.Combine(folder, "data", "campaigntracker.db");

    [Fact]
    public async Task An_upload_killed_mid_transaction_leaves_no_rows_and_is_applied_in_full_after_a_restart()
    {
        var demo = Path.GetDirectoryName(DemoDataGenerator.Write(Path.Combine(folder, "demo"), Demo).Influencers)!;

        using (var import = Start("import (killed)", "import", demo))
            await KillMidTransactionAsync(import);
        var upload = Assert.Single(Uploads());

        using (var web = Start("web server (killed)", "--urls", "http://127.0.0.1:0"))
        {
            await KillMidTransactionAsync(web);
            Assert.Contains(Requeued, web.Output);
        }
        Assert.Equal([upload], Uploads());

        Dictionary<string, long> applied;
        using (var web = Start("web server (recovers)", "--urls", "http://127.0.0.1:0"))
        {
            await web.WaitForLineAsync(new Regex(Requeued), Patience);
            await web.WaitUntilAsync(() => Uploads().Single().Status is "Succeeded" or "Failed", "a final state of the upload", Patience);
            Assert.True(Uploads().Single().Status == "Succeeded", $"the upload failed after the restart. Output:\n{web.Output}");
            await AssertServesAsync(web);
            applied = Counts();
        }
        Assert.Equal(
            (Demo.InfluencerCount, Demo.PostCount, Demo.TrackingRowCount, Demo.PayoutCount, 1L),
            ((int)applied["Influencers"], (int)applied["Posts"], (int)applied["TrackingRows"], (int)applied["Payouts"], applied["DataVersions"]));
        Assert.All(["SalesDaily", "PostDaily", "InfluencerTotals"], t => Assert.True(applied[t] > 0, $"{t} is empty: the snapshots were not refreshed"));
        Assert.Equal(Demo.InfluencerCount + Demo.PostCount + Demo.TrackingRowCount + Demo.PayoutCount, Scalar("SELECT RowsInserted FROM Uploads"));

        using (var web = Start("web server (restarted once more)", "--urls", "http://127.0.0.1:0"))
        {
            await web.WaitForLineAsync(Listening, Patience);   // the start-up sweep runs before the server listens
            Assert.DoesNotContain(Requeued, web.Output);
            // Issue 17: and the snapshots are in memory before it listens, so no request after a restart waits for them.
            var loaded = web.Output.IndexOf("Loaded snapshots of data version 1:", StringComparison.Ordinal);
            Assert.True(loaded >= 0 && loaded < web.Output.IndexOf("CampaignTracker is running", StringComparison.Ordinal),
                $"the snapshots were not loaded before the server listened. Output:\n{web.Output}");
            Assert.Equal([(upload.Id, "Succeeded")], Uploads());
            Assert.Equal(applied, Counts());
            Assert.Equal(1, Scalar("SELECT Version FROM DataVersions"));
        }
    }

    // Every process's output goes to the test's output, shown for a failed test or with a detailed logger.
    AppProcess Start(string name, params string[] args)
    {
        var app = AppProcess.Start(environment, args);
        started.Add((name, app));
        return app;
    }

    // Kills the app once its transaction holds every influencer and post, then checks that none of it, nor the
    // Succeeded marker, was committed. An upload found Succeeded means the kill came too late: a failure, never a pass.
    async Task KillMidTransactionAsync(AppProcess app)
    {
        var who = started.Single(s => s.App == app).Name;
        await app.WaitForLineAsync(PostsWritten, Patience);
        app.Kill();

        var status = Uploads().Single().Status;
        Assert.True(status == "Running",
            $"{who}: the upload is {status} after the kill, not Running: the kill missed the transaction (raise Demo.Scale). Output:\n{app.Output}");
        Assert.All(Counts(), c => Assert.True(c.Value == 0, $"{who}: {c.Value} {c.Key} rows left by the killed transaction"));
    }

    static async Task AssertServesAsync(AppProcess web)
    {
        var address = (await web.WaitForLineAsync(Listening, Patience)).Groups[1].Value;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        Assert.StartsWith("{\"status\":\"Healthy\",", await http.GetStringAsync(address + "/healthz"));
    }

    // Read-only connections without pooling: the test never writes, and holds no file between checks.
    T Read<T>(Func<SqliteConnection, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return read(connection);
    }

    long Scalar(string sql) => Read(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    });

    Dictionary<string, long> Counts() => DataTables.ToDictionary(t => t, t => Scalar($"SELECT COUNT(*) FROM {t}"));

    List<(int Id, string Status)> Uploads() => Read(c =>
    {
        using var command = c.CreateCommand();
        command.CommandText = "SELECT Id, Status FROM Uploads ORDER BY Id";
        using var reader = command.ExecuteReader();
        var uploads = new List<(int, string)>();
        while (reader.Read()) uploads.Add((reader.GetInt32(0), reader.GetString(1)));
        return uploads;
    });

    public void Dispose()
    {
        foreach (var (name, app) in started)
        {
            app.Dispose();
            output.WriteLine($"== {name}\n{app.Output}\n");
        }
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}

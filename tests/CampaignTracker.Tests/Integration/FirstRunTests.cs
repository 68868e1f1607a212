using System.Security.Cryptography;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

/// <summary>An empty database, the Hangfire server on and demo seeding on: what `dotnet run` does on a fresh clone.</summary>
public class FirstRunApp : AppFactory
{
    public FirstRunApp()
    {
        SeedDemo = true;
        RunJobs = true;
    }
}

[Collection(AppCollection.Name)]
public class FirstRunTests(FirstRunApp app) : IClassFixture<FirstRunApp>
{
    async Task<Upload> DemoUploadAsync(TimeSpan timeout)
    {
        _ = app.Server;   // starts the app: migrations, admin, demo upload and its Hangfire job
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var upload = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Uploads.AsNoTracking().Include(u => u.Files).FirstOrDefault());
            if (upload is { IsFinished: true }) return upload;
            Assert.True(DateTime.UtcNow < deadline, $"the demo upload did not finish within {timeout.TotalSeconds} s (status {upload?.Status})");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task The_demo_data_is_ingested_through_a_hangfire_job_on_first_run()
    {
        var upload = await DemoUploadAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(UploadStatus.Succeeded, upload.Status);
        var counts = app.Using(sp =>
        {
            var db = sp.GetRequiredService<CampaignDbContext>();
            return (db.Influencers.Count(), db.Posts.Count(), db.TrackingRows.Count(), db.Payouts.Count());
        });
        Assert.Equal((500, 10_000, 15_000, 500), counts);
    }

    [Fact]
    public async Task Generate_demo_with_its_defaults_writes_exactly_the_data_a_fresh_app_shows()
    {
        var upload = await DemoUploadAsync(TimeSpan.FromSeconds(90));
        var folder = Path.Combine(app.DataDirectory, "generate-demo-check");
        var stdout = new StringWriter();

        Assert.Equal(0, GenerateDemoCommand.Run(["--out", folder], stdout, new StringWriter()));

        foreach (var stored in upload.Files)
            Assert.Equal(Sha256(Path.Combine(folder, stored.FileName)), stored.Sha256);
    }

    [Fact]
    public async Task The_dashboard_shows_the_demo_kpis()
    {
        await DemoUploadAsync(TimeSpan.FromSeconds(90));
        var html = await (await app.AdminAsync()).GetStringAsync("/");
        Assert.DoesNotContain("No data yet", html);
        Assert.Matches("Revenue</div>\\s*<div class=\"fs-5 fw-semibold kpi-value\">₹[1-9]", html);
    }

    static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}

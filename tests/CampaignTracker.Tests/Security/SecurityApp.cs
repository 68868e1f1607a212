using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Security;

/// <summary>
/// The hand-made data (MuscleBlaze and HKVitals), a failed upload with an error report, signed-in clients
/// for the five roles of the access matrix, an alert of each brand and a company-wide one, and two spare users for the users pages to act on.
/// Sessions are checked on every request (Security:SessionCheckInterval = 0) so that tests see a
/// password change or a removal at once.
/// </summary>
public class SecurityApp : AppFactory, IAsyncLifetime
{
    public const string BrandA = "MuscleBlaze", BrandB = "HKVitals";

    public SecurityApp() => Settings["Security:SessionCheckInterval"] = "00:00:00";

    public HttpClient Anonymous { get; private set; } = null!;
    public HttpClient ManagerA { get; private set; } = null!;
    public HttpClient ManagerB { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Finance { get; private set; } = null!;
    public int FailedUploadId { get; private set; }

    /// <summary>The user whom the matrix's admin removes: kept, because it is asked for after the removal too.</summary>
    public string RemovedUserId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Assert.Equal(UploadStatus.Succeeded, (await Ingest.FilesAsync(this, HandMadeData.Files())).Status);
        var broken = TestFiles.Write(("broken.csv", "influencer_id,basis,rate,orders,total_payout\nNOBODY,weekly,1,1,1\n"));
        FailedUploadId = (await Ingest.FilesAsync(this, broken)).Id;
        // An alert of each brand and a company-wide one: the matrix checks that no alert view shows a manager the other brand.
        await AlertData.InsertAsync(this,
            AlertData.Make($"Campaign_1 ({BrandA})", [AlertData.BrandId(this, BrandA)], message: "Whey Protein sales fell."),
            AlertData.Make($"Campaign_1 ({BrandB})", [AlertData.BrandId(this, BrandB)], message: "Biotin sales fell."),
            AlertData.Make("Tracking data", [], rule: CampaignTracker.Web.Alerts.AlertRules.StaleData, message: "No tracking data for 9 days."));
        Anonymous = Client();
        ManagerA = await BrandManagerAsync("matrix-a@test.local", BrandA);
        ManagerB = await BrandManagerAsync("matrix-b@test.local", BrandB);
        Admin = await AdminAsync();
        Finance = await FinanceAsync("matrix-finance@test.local");
        await BrandManagerAsync("matrix-target@test.local", BrandA);
        await BrandManagerAsync("matrix-removed@test.local", BrandA);
        RemovedUserId = UserId("matrix-removed@test.local");
    }

    public string UserId(string email) =>
        Using(sp => sp.GetRequiredService<CampaignDbContext>().Users.AsNoTracking().Single(u => u.Email == email).Id);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

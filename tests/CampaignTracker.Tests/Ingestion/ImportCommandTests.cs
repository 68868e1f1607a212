using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Ingestion;

namespace CampaignTracker.Tests.Ingestion;

[Collection(AppCollection.Name)]
public class ImportCommandTests(AppFactory app) : IClassFixture<AppFactory>
{
    async Task<(int Code, string Out, string Err)> ImportAsync(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await ImportCommand.RunAsync(app.Services, args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Importing_a_folder_applies_every_dataset_and_exits_0()
    {
        var files = HandMadeData.Files();
        var (code, stdout, _) = await ImportAsync(Path.GetDirectoryName(files[0])!);

        Assert.Equal(0, code);
        Assert.Contains("tracking_data.csv: Tracking, 4 rows", stdout);
        Assert.Contains("applied: 13 inserted", stdout);   // 3 influencers + 4 posts + 4 tracking rows + 2 payouts
    }

    [Fact]
    public async Task A_bad_file_exits_1_with_every_error_on_standard_error()
    {
        var (code, _, stderr) = await ImportAsync(TestFiles.Write(("payouts.csv", """
            influencer_id,basis,rate,orders,total_payout
            GHOST,order,abc,12,120.00
            """)));

        Assert.Equal(1, code);
        Assert.Contains("nothing was changed", stderr);
        Assert.Contains("payouts.csv, row 2, column 'rate': 'abc'", stderr);
    }

    [Fact]
    public async Task No_arguments_or_a_missing_file_exit_2()
    {
        Assert.Equal(2, (await ImportAsync()).Code);
        var (code, _, stderr) = await ImportAsync("/nonexistent/tracking.csv");
        Assert.Equal(2, code);
        Assert.Contains("no such file", stderr);
    }
}

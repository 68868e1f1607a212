using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

[Collection(AppCollection.Name)]
public class IngestionTests(AppFactory app) : IClassFixture<AppFactory>
{
    (int Influencers, int Posts, int Tracking, int Payouts) Counts() => app.Using(sp =>
    {
        var db = sp.GetRequiredService<CampaignDbContext>();
        return (db.Influencers.Count(), db.Posts.Count(), db.TrackingRows.Count(), db.Payouts.Count());
    });

    [Fact]
    public async Task A_file_with_errors_writes_nothing_and_reports_every_error()
    {
        var before = Counts();
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(
            ("influencers.csv", HandMadeData.Influencers),
            ("posts.csv", """
                influencer_id,platform,date,URL,caption,reach,likes,comments
                A1,Instagram,2025-06-01,http://a.example/1,ok,1000,100,20
                A1,Instagram,2025-13-01,http://a.example/2,bad date,1000,100,20
                A1,Instagram,2025-06-02,http://a.example/3,bad reach,lots,100,20
                A1,Instagram,2025-06-03,http://a.example/4,negative likes,1000,-5,20
                ZZ,Instagram,2025-06-04,http://a.example/5,unknown influencer,1000,5,20
                """)));

        Assert.Equal(UploadStatus.Failed, upload.Status);
        Assert.Contains("posts.csv, row 3, column 'date': '2025-13-01'", upload.Report);
        Assert.Contains("posts.csv, row 4, column 'reach': 'lots'", upload.Report);
        Assert.Contains("posts.csv, row 5, column 'likes': '-5'", upload.Report);
        Assert.Equal(before, Counts());   // not even the valid influencers file was applied
    }

    [Fact]
    public async Task References_to_unknown_influencers_are_errors()
    {
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(("payouts.csv", """
            influencer_id,basis,rate,orders,total_payout
            NOPE,order,10,12,120.00
            """)));
        Assert.Equal(UploadStatus.Failed, upload.Status);
        Assert.Contains("payouts.csv, row 2, column 'influencer_id': 'NOPE'", upload.Report);
    }

    [Fact]
    public async Task Money_with_more_decimals_than_allowed_is_an_error_not_rounded()
    {
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(
            ("influencers.csv", HandMadeData.Influencers),
            ("payouts.csv", """
                influencer_id,basis,rate,orders,total_payout
                A1,order,10.12345,12,120.001
                B2,weekly,10,12,120.00
                """)));
        Assert.Equal(UploadStatus.Failed, upload.Status);
        Assert.Contains("column 'rate': '10.12345': expected at most 4 decimal places", upload.Report);
        Assert.Contains("column 'total_payout': '120.001': expected at most 2 decimal places", upload.Report);
        Assert.Contains("column 'basis': 'weekly': expected 'post' or 'order'", upload.Report);
    }

    [Fact]
    public async Task A_missing_required_column_fails_the_file_naming_the_column()
    {
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(("influencers.csv", """
            ID,name,gender,follower_count,platform,category
            X1,Someone,Male,100,Instagram,
            """.Replace(",category", "").Replace(",\n", "\n"))));
        Assert.Equal(UploadStatus.Failed, upload.Status);
        Assert.Contains("header", upload.Report);
    }

    [Fact]
    public async Task Running_the_job_twice_for_one_upload_changes_nothing_the_second_time()
    {
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(("influencers.csv", """
            id,name,category,gender,follower_count,platform
            T1,Twice Tested,Fitness,Male,1234,Instagram
            """)));
        Assert.Equal(UploadStatus.Succeeded, upload.Status);
        var before = Counts();

        await app.Using(sp => sp.GetRequiredService<CampaignTracker.Web.Ingestion.IngestUploadJob>().RunAsync(upload.Id, CancellationToken.None));

        Assert.Equal(before, Counts());
    }

    [Fact]
    public async Task Headers_match_ignoring_case_spaces_underscores_and_column_order()
    {
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(("people.csv", """
            Follower Count,Platform,Name,Category,Influencer-ID,Gender,Notes
            5000,instagram,Header Tester,Lifestyle,H1,female,ignored
            """)));
        Assert.Equal(UploadStatus.Succeeded, upload.Status);
        Assert.Contains("ignored column(s) Notes", upload.Report);
        var stored = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Influencers.AsNoTracking().Single(i => i.ExternalId == "H1"));
        Assert.Equal(("Instagram", "Female", 5000L), (stored.Platform, stored.Gender, stored.FollowerCount));
    }

    [Fact]
    public async Task A_formula_or_markup_in_a_caption_is_kept_as_text_with_a_warning()
    {
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(
            ("influencers.csv", HandMadeData.Influencers),
            ("posts.csv", """"
                influencer_id,platform,date,URL,caption,reach,likes,comments
                A1,Instagram,2025-08-01,http://f.example/1,"=HYPERLINK(""http://evil.example"",""x"")",100,1,1
                A1,Instagram,2025-08-02,http://f.example/2,<script>alert(1)</script>,100,1,1
                """")));

        Assert.Equal(UploadStatus.Succeeded, upload.Status);
        Assert.Contains("posts.csv: 1 caption(s) start like a spreadsheet formula, e.g. row 2", upload.Report);
        var captions = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Posts.Where(p => p.Url.StartsWith("http://f.example/")).OrderBy(p => p.Url).Select(p => p.Caption).ToList());
        Assert.Equal(["=HYPERLINK(\"http://evil.example\",\"x\")", "<script>alert(1)</script>"], captions);
    }
}

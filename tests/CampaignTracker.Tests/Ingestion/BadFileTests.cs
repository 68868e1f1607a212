using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Ingestion;

/// <summary>The hand-made data set stored; small limits so that over-size and zip-bomb files stay small.</summary>
public class BadFileApp : AppFactory, IAsyncLifetime
{
    public const long MaxFileBytes = 256 * 1024;

    public BadFileApp()
    {
        Settings["Ingestion:MaxFileBytes"] = MaxFileBytes.ToString();
        Settings["Ingestion:MaxUncompressedBytes"] = (4 * 1024 * 1024).ToString();
    }

    public async Task InitializeAsync() =>
        Assert.Equal(UploadStatus.Succeeded, (await Ingest.FilesAsync(this, HandMadeData.Files())).Status);

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public (int, int, int, int, int, int) Counts() => Using(sp =>
    {
        var db = sp.GetRequiredService<CampaignDbContext>();
        return (db.Influencers.Count(), db.Posts.Count(), db.TrackingRows.Count(), db.Payouts.Count(), db.Products.Count(), db.Brands.Count());
    });
}

/// <summary>
/// The corpus of bad files in Ingestion/BadFiles: each NAME.csv comes with NAME.expected, the exact
/// error lines its upload must show. A refused upload must leave the database as it was.
/// </summary>
[Collection(AppCollection.Name)]
public class BadFileTests(BadFileApp app) : IClassFixture<BadFileApp>
{
    static string Folder => Path.Combine(AppContext.BaseDirectory, "Ingestion", "BadFiles");

    public static TheoryData<string> Corpus()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder).Where(f => !f.EndsWith(".expected")).Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_forty_files() => Assert.True(Corpus().Count >= 40, $"{Corpus().Count} bad files");

    [Theory]
    [MemberData(nameof(Corpus))]
    public async Task Each_bad_file_is_refused_with_its_exact_errors_and_changes_nothing(string name)
    {
        var expected = File.ReadAllLines(Path.Combine(Folder, Path.GetFileNameWithoutExtension(name) + ".expected")).Where(l => l.Length > 0).ToArray();
        var before = app.Counts();

        var upload = await Ingest.FilesAsync(app, Path.Combine(Folder, name));

        Assert.Equal(UploadStatus.Failed, upload.Status);
        Assert.Equal(expected, upload.Report!.Split('\n').Take(upload.ErrorCount).ToArray());
        Assert.Equal(expected.Length, upload.ErrorCount);
        Assert.Equal(before, app.Counts());
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_refused_naming_the_limit()
    {
        var path = TestFiles.Write(("big-influencers.csv", "ID,name,category,gender,follower_count,platform\n" +
            string.Concat(Enumerable.Range(0, 10_000).Select(i => $"B{i},Name {i},Fitness,Male,1000,Instagram\n"))))[0];
        Assert.True(new FileInfo(path).Length > BadFileApp.MaxFileBytes);
        var before = app.Counts();

        var upload = await Ingest.FilesAsync(app, path);

        Assert.Equal(UploadStatus.Failed, upload.Status);
        Assert.StartsWith("big-influencers.csv is ", upload.Report);
        Assert.Contains("the limit is 256 KB (Ingestion:MaxFileBytes)", upload.Report);
        Assert.Equal(before, app.Counts());
    }

    [Fact]
    public async Task The_upload_page_states_the_limits_before_a_file_is_chosen()
    {
        var client = await app.AdminAsync();

        var page = await client.GetStringAsync("/Uploads");

        Assert.Contains("up to 5 files of at most 256 KB each (Ingestion:MaxFileBytes); larger files: the <code>import</code> command", page);
    }

    [Fact]
    public async Task Windows_1252_input_is_read_with_a_warning()
    {
        var upload = await Ingest.FilesAsync(app, Path.Combine(Folder, "46-windows-1252-with-error.csv"));
        Assert.Contains("not valid UTF-8 (first at line 2); read as Windows-1252", upload.Report);
    }
}

using System.IO.Compression;
using System.Text;
using CampaignTracker.Web.Ingestion.Sources;

namespace CampaignTracker.Tests.Ingestion.Sources;

public class UploadExpanderTests : IDisposable
{
    readonly Scratch scratch = new();

    public void Dispose() => scratch.Dispose();

    string Target => scratch.Path("expanded");

    string Zip(string name, params (string Entry, byte[] Content)[] entries)
    {
        var path = scratch.Path(name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, content) in entries)
        {
            using var stream = zip.CreateEntry(entry, CompressionLevel.Optimal).Open();
            stream.Write(content);
        }
        return path;
    }

    static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    string[] FilesLeft() => Directory.Exists(Target) ? Directory.GetFiles(Target, "*", SearchOption.AllDirectories) : [];

    [Fact]
    public void A_zip_of_four_csvs_is_expanded_and_each_reads_as_a_table()
    {
        var path = Zip("campaign.zip",
            ("influencers.csv", Text("id,name\nI1,Zoë\n")),
            ("posts.csv", Text("influencer_id,likes\nI1,10\n")),
            ("data/tracking_data.csv", Text("campaign;orders\nDiwali;3\n")),
            ("data/payouts.csv", Text("influencer_id\trate\nI1\t2.5\n")),
            ("data/", []),                                   // a folder
            ("__MACOSX/._posts.csv", [0, 5, 22, 7, 0, 2]),   // what macOS adds
            (".DS_Store", [0, 0, 0, 1]),
            ("readme.txt", Text("see the csv files")),
            ("old.zip", [.. "PK\x05\x06"u8, .. new byte[18]]));   // nested zips stay shut

        var files = UploadExpander.Expand(path, "campaign.zip", Target, Scratch.Limits);

        Assert.Equal(["influencers.csv", "posts.csv", "data/tracking_data.csv", "data/payouts.csv"], files.Select(f => f.FileName));
        Assert.Equal(
            ["influencers.csv", "payouts.csv", "posts.csv", "tracking_data.csv"],
            FilesLeft().Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(files, f => Assert.Equal(Path.GetFullPath(Target), Path.GetDirectoryName(f.Path)));
        Assert.Equal(
            ["2: I1|Zoë", "2: I1|10", "2: Diwali|3", "2: I1|2.5"],
            files.Select(f => Scratch.ReadAll(f.Path, f.FileName).Rows.Single()));
    }

    [Fact]
    public void Files_of_the_same_name_in_different_folders_both_arrive()
    {
        var path = Zip("months.zip", ("march/posts.csv", Text("a\n1\n")), ("april/posts.csv", Text("a\n2\n")));

        var files = UploadExpander.Expand(path, "months.zip", Target, Scratch.Limits);

        Assert.Equal(["march/posts.csv", "april/posts.csv"], files.Select(f => f.FileName));
        Assert.Equal(["posts.csv", "posts (2).csv"], files.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal(["a\n1\n", "a\n2\n"], files.Select(f => File.ReadAllText(f.Path)));
    }

    [Theory]
    [InlineData("../evil.csv")]
    [InlineData("data/../../evil.csv")]
    [InlineData("/etc/evil.csv")]
    [InlineData("C:\\Windows\\evil.csv")]
    [InlineData("..\\evil.csv")]
    public void An_entry_that_points_outside_the_archive_refuses_the_zip(string entry)
    {
        var path = Zip("upload.zip", ("posts.csv", Text("a\n1\n")), (entry, Text("a\n1\n")));

        var e = Assert.Throws<UnreadableFileException>(() => UploadExpander.Expand(path, "upload.zip", Target, Scratch.Limits));

        Assert.Equal($"upload.zip is refused: its entry '{entry}' points outside the archive (an absolute path or '..'); expected a plain zip of CSV or XLSX files.", e.Message);
        Assert.Empty(FilesLeft());
        Assert.False(File.Exists(scratch.Path("evil.csv")));
    }

    [Fact]
    public void A_zip_bomb_is_refused_before_anything_is_extracted()
    {
        var path = Zip("bomb.zip", ("posts.csv", Text("a\n1\n")), ("tracking.csv", new byte[20 * 1024 * 1024]));
        Assert.True(new FileInfo(path).Length < 100_000);

        var e = Assert.Throws<UnreadableFileException>(() => UploadExpander.Expand(path, "bomb.zip", Target, Scratch.Limits));

        Assert.Matches(@"^bomb\.zip looks like a zip bomb: tracking\.csv expands [\d,]+ times its compressed size; the limit is 100 times \(Ingestion:MaxCompressionRatio\)\.$", e.Message);
        Assert.Empty(FilesLeft());
    }

    [Fact]
    public void A_zip_that_expands_beyond_the_limit_is_refused()
    {
        var random = new byte[600 * 1024];
        new Random(3).NextBytes(random);   // incompressible: only the total can stop it
        var path = Zip("big.zip", ("a.csv", random), ("b.csv", random));

        var e = Assert.Throws<UnreadableFileException>(() =>
            UploadExpander.Expand(path, "big.zip", Target, new IngestionLimits(MaxUncompressedBytes: 1024 * 1024)));

        Assert.Equal("big.zip expands to more than 1 MB when decompressed; the limit is 1 MB (Ingestion:MaxUncompressedBytes).", e.Message);
        Assert.Empty(FilesLeft());
    }

    [Fact]
    public void An_entry_bigger_than_the_file_limit_is_refused_by_name()
    {
        var path = Zip("big.zip", ("data/tracking.csv", Text(new string('x', 3 * 1024 * 1024))));

        var e = Assert.Throws<UnreadableFileException>(() =>
            UploadExpander.Expand(path, "big.zip", Target, new IngestionLimits(MaxFileBytes: 2 * 1024 * 1024, MaxCompressionRatio: 100_000)));

        Assert.Equal("big.zip: data/tracking.csv is 3 MB; the limit is 2 MB (Ingestion:MaxFileBytes).", e.Message);
    }

    [Fact]
    public void An_entry_whose_declared_size_lies_is_refused_and_nothing_is_left_behind()
    {
        var path = Zip("liar.zip", ("posts.csv", Text("a\n1\n")), ("tracking.csv", Text("a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 5000)))));
        var bytes = File.ReadAllBytes(path);
        // Declare 100 bytes for tracking.csv (the second entry) in its local header and its directory record:
        // .NET would hand out the first 100 bytes and stop, cutting the file short in silence.
        var patched = 0;
        for (var i = 0; i < bytes.Length - 46; i++)
        {
            var local = bytes.AsSpan(i).StartsWith("PK\x03\x04"u8) && bytes.AsSpan(i + 30).StartsWith("tracking.csv"u8);
            var central = bytes.AsSpan(i).StartsWith("PK\x01\x02"u8) && bytes.AsSpan(i + 46).StartsWith("tracking.csv"u8);
            if (local) BitConverter.GetBytes(100u).CopyTo(bytes, i + 22);
            if (central) BitConverter.GetBytes(100u).CopyTo(bytes, i + 24);
            if (local || central) patched++;
        }
        Assert.Equal(2, patched);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<UnreadableFileException>(() => UploadExpander.Expand(path, "liar.zip", Target, Scratch.Limits));

        Assert.Equal("liar.zip is damaged: tracking.csv does not match its checksum or declared size; expected a CSV file (comma, semicolon or tab separated) or an XLSX workbook.", e.Message);
        Assert.Empty(FilesLeft());
    }

    [Fact]
    public void A_zip_without_csv_or_xlsx_files_is_refused_naming_what_it_holds()
    {
        var path = Zip("photos.zip", ("a.png", [1, 2]), ("notes/b.txt", Text("x")));

        var e = Assert.Throws<UnreadableFileException>(() => UploadExpander.Expand(path, "photos.zip", Target, Scratch.Limits));

        Assert.Equal("photos.zip holds no .csv or .xlsx file (it has a.png, notes/b.txt); expected a CSV file (comma, semicolon or tab separated) or an XLSX workbook, or a zip of them.", e.Message);
    }

    [Fact]
    public void A_csv_or_an_xlsx_upload_is_returned_as_it_is()
    {
        var csv = scratch.Write("posts.csv", "a\n1\n");
        var xlsx = new XlsxBuilder().Sheet("S", XlsxBuilder.Header("a")).Save(scratch.Path("posts.xlsx"));

        Assert.Equal([new ExpandedFile(csv, "posts.csv")], UploadExpander.Expand(csv, "posts.csv", Target, Scratch.Limits));
        Assert.Equal([new ExpandedFile(xlsx, "posts.xlsx")], UploadExpander.Expand(xlsx, "posts.xlsx", Target, Scratch.Limits));
        Assert.Empty(FilesLeft());
    }

    [Fact]
    public void A_zip_upload_over_the_size_limit_is_refused()
    {
        var path = Zip("big.zip", ("a.csv", new byte[10]));

        var e = Assert.Throws<UnreadableFileException>(() => UploadExpander.Expand(path, "big.zip", Target, new IngestionLimits(MaxFileBytes: 100)));

        Assert.Matches(@"^big\.zip is \d+ bytes; the limit is 100 bytes \(Ingestion:MaxFileBytes\)\.$", e.Message);
    }
}

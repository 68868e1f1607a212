using CampaignTracker.Web.Ingestion.Sources;
using Microsoft.Extensions.Configuration;

namespace CampaignTracker.Tests.Ingestion.Sources;

public class IngestionLimitsTests
{
    static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Without_settings_the_limits_are_the_defaults()
    {
        var limits = IngestionLimits.From(Settings());

        Assert.Equal(new IngestionLimits(100L * 1024 * 1024, 5_000_000, 1024L * 1024 * 1024, 100), limits);
    }

    [Fact]
    public void Settings_under_ingestion_override_each_limit()
    {
        var limits = IngestionLimits.From(Settings(
            ("Ingestion:MaxFileBytes", "1048576"), ("Ingestion:MaxRows", "10"),
            ("Ingestion:MaxUncompressedBytes", "2097152"), ("Ingestion:MaxCompressionRatio", "20")));

        Assert.Equal(new IngestionLimits(1_048_576, 10, 2_097_152, 20), limits);
    }

    [Fact]
    public void The_import_command_takes_files_up_to_MaxImportFileBytes_and_the_web_upload_up_to_MaxFileBytes()
    {
        var web = IngestionLimits.From(Settings());
        var import = IngestionLimits.From(Settings(), forImport: true);

        Assert.Equal((100L * 1024 * 1024, "Ingestion:MaxFileBytes"), (web.MaxFileBytes, web.MaxFileBytesKey));
        Assert.Equal((2L * 1024 * 1024 * 1024, "Ingestion:MaxImportFileBytes"), (import.MaxFileBytes, import.MaxFileBytesKey));
        Assert.Equal(web with { MaxFileBytes = import.MaxFileBytes, MaxFileBytesKey = import.MaxFileBytesKey }, import);   // the rest alike
    }

    [Fact]
    public void Each_size_limit_has_its_own_setting()
    {
        var settings = Settings(("Ingestion:MaxFileBytes", "1048576"), ("Ingestion:MaxImportFileBytes", "3145728"));

        Assert.Equal(1_048_576, IngestionLimits.From(settings).MaxFileBytes);
        Assert.Equal(3_145_728, IngestionLimits.From(settings, forImport: true).MaxFileBytes);
    }

    [Fact]
    public void A_file_over_the_import_limit_is_refused_naming_the_import_setting()
    {
        using var scratch = new Scratch();
        var path = scratch.Write("posts.csv", new byte[3 * 1024 * 1024]);
        var limits = IngestionLimits.From(Settings(("Ingestion:MaxImportFileBytes", "2097152")), forImport: true);

        var e = Assert.Throws<UnreadableFileException>(() => TableSources.Open(path, "posts.csv", limits));

        Assert.Equal("posts.csv is 3 MB; the limit is 2 MB (Ingestion:MaxImportFileBytes).", e.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("lots")]
    public void A_limit_that_is_not_a_positive_number_stops_startup_with_its_key(string value)
    {
        var e = Assert.Throws<InvalidOperationException>(() => IngestionLimits.From(Settings(("Ingestion:MaxRows", value))));

        Assert.Equal($"Ingestion:MaxRows is '{value}'; expected a whole number above 0", e.Message);
    }
}

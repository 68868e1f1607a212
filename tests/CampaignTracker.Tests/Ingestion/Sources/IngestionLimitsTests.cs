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

using CampaignTracker.Web;
using CampaignTracker.Web.Ingestion;
using Microsoft.Extensions.Configuration;

namespace CampaignTracker.Tests;

public sealed class StartupChecksTests : IDisposable
{
    readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ct-checks-" + Guid.NewGuid().ToString("N"))).FullName;

    static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    StoragePaths Writable => new(Path.Combine(folder, "data"));

    [Fact]
    public void A_writable_data_folder_and_sqlite_have_no_problem()
    {
        Assert.Empty(StartupChecks.Problems(Settings(), Writable));
        Assert.True(Directory.Exists(Writable.DataDirectory), "start-up creates the data folder");
        Assert.Empty(Directory.GetFiles(Writable.DataDirectory));   // the write check's file is gone
    }

    [Fact]
    public void Sql_server_without_a_connection_string_is_one_line_naming_the_setting()
    {
        var problem = Assert.Single(StartupChecks.Problems(Settings(("Database:Provider", "SqlServer")), Writable));

        Assert.Equal("cannot start: Database:Provider is SqlServer and ConnectionStrings:CampaignTracker is not set; "
                     + "set it to the SQL Server connection string (environment: ConnectionStrings__CampaignTracker).", problem);
        Assert.Empty(StartupChecks.Problems(Settings(("Database:Provider", "SqlServer"), ("ConnectionStrings:CampaignTracker", "Server=db")), Writable));
    }

    [Fact]
    public void A_data_folder_that_cannot_be_created_names_the_folder_and_the_setting()
    {
        File.WriteAllText(Path.Combine(folder, "a-file"), "");   // a folder under a file: root cannot create it either
        var paths = new StoragePaths(Path.Combine(folder, "a-file", "data"));

        var problem = Assert.Single(StartupChecks.Problems(Settings(), paths));

        Assert.StartsWith($"cannot start: the data folder {paths.DataDirectory} is not writable (", problem);
        Assert.Contains("set Storage:DataDirectory (environment: Storage__DataDirectory)", problem);
    }

    [Fact]
    public void A_bad_ingestion_limit_is_a_problem_not_an_exception() =>
        Assert.Equal(
            ["cannot start: Ingestion:MaxImportFileBytes is 'big'; expected a whole number above 0."],
            StartupChecks.Problems(Settings(("Ingestion:MaxImportFileBytes", "big")), Writable));

    [Fact]
    public void A_trusted_proxy_that_is_no_address_is_a_problem_not_an_exception() =>
        Assert.Equal(
            ["cannot start: ForwardedHeaders:KnownProxies has 'nginx'; expected an IP address such as 10.0.0.5."],
            StartupChecks.Problems(Settings(("ForwardedHeaders:KnownProxies", "nginx")), Writable));

    [Fact]
    public void E_mail_on_without_a_public_url_is_a_problem_naming_both_settings() =>
        Assert.Equal(["cannot start: Email:Host is set and App:PublicUrl is ''; expected the address people open the app at, e.g. https://campaigns.example.com (links in mails are absolute)."],
            StartupChecks.Problems(Settings(("Email:Host", "smtp.example.com"), ("Email:From", "alerts@example.com")), Writable));

    [Fact]
    public void Missing_pdf_fonts_are_a_warning_naming_the_setting()
    {
        var warning = Assert.Single(StartupChecks.Warnings(Settings(("Pdf:FontFolder", folder))));

        Assert.StartsWith("warning: PDF downloads will fail: ", warning);
        Assert.Contains("Pdf:FontFolder", warning);
        Assert.DoesNotContain('\n', warning);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

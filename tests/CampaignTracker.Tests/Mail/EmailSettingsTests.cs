using CampaignTracker.Web.Mail;
using Microsoft.Extensions.Configuration;

namespace CampaignTracker.Tests.Mail;

public class EmailSettingsTests
{
    static EmailSettings Read(params (string Key, string Value)[] values) =>
        EmailSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    static readonly (string, string)[] On = [("Email:Host", "smtp.example.com"), ("Email:From", "CampaignTracker <alerts@example.com>"), ("App:PublicUrl", "https://campaigns.example.com")];

    [Fact]
    public void Without_a_host_e_mail_is_off_and_nothing_else_is_asked_for()
    {
        var off = Read();
        Assert.False(off.Enabled);
        Assert.Equal("off", off.Describe());
        Assert.Equal(8, off.MaxAttempts);
        Assert.Equal("Asia/Kolkata", off.DefaultTimeZone);
    }

    [Fact]
    public void The_port_follows_the_tls_mode_unless_given()
    {
        Assert.Equal((587, MailTls.StartTls), (Read(On).Port, Read(On).UseTls));
        Assert.Equal(465, Read([.. On, ("Email:UseTls", "SslOnConnect")]).Port);
        Assert.Equal(25, Read([.. On, ("Email:UseTls", "none")]).Port);
        Assert.Equal(2525, Read([.. On, ("Email:Port", "2525")]).Port);
        Assert.Equal("https://campaigns.example.com/Alerts?id=3", Read(On).Link("/Alerts?id=3"));
    }

    [Theory]
    [InlineData("Email:UseTls", "Tls1.2", "Email:UseTls is 'Tls1.2'; expected None, StartTls or SslOnConnect")]
    [InlineData("Email:Port", "70000", "Email:Port is '70000'")]
    [InlineData("Email:MaxAttempts", "0", "Email:MaxAttempts is '0'")]
    [InlineData("Email:RetryDelay", "soon", "Email:RetryDelay is 'soon'")]
    [InlineData("Email:From", "nobody", "Email:From is 'nobody'")]
    [InlineData("App:PublicUrl", "campaigns.example.com", "App:PublicUrl is 'campaigns.example.com'")]
    [InlineData("Email:DefaultTimeZone", "India", "Email:DefaultTimeZone is 'India'")]
    public void A_bad_value_names_the_key_and_what_was_expected(string key, string value, string message)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Read([.. On.Where(v => v.Item1 != key), (key, value)]));
        Assert.Contains(message, e.Message);
    }
}

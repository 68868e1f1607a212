using System.Net;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CampaignTracker.Tests.Security;

public class ForwardedHeadersTests
{
    [Fact]
    public void Without_settings_only_loopback_is_trusted()
    {
        var options = Configure([]);
        Assert.Equal([IPAddress.IPv6Loopback], options.KnownProxies);
        Assert.Equal(["127.0.0.0/8"], options.KnownIPNetworks.Select(n => n.ToString()));
    }

    [Fact]
    public void A_comma_separated_value_or_a_list_replaces_the_loopback_default()
    {
        var options = Configure(new() { ["ForwardedHeaders:KnownProxies"] = "10.0.0.5, 10.0.0.6", ["ForwardedHeaders:KnownNetworks:0"] = "172.31.240.0/24" });
        Assert.Equal(["10.0.0.5", "10.0.0.6"], options.KnownProxies.Select(a => a.ToString()));
        Assert.Equal(["172.31.240.0/24"], options.KnownIPNetworks.Select(n => n.ToString()));
    }

    [Fact]
    public void A_value_that_is_no_address_names_the_setting_and_the_form_expected()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Configure(new() { ["ForwardedHeaders:KnownNetworks"] = "proxy.internal" }));
        Assert.Equal("ForwardedHeaders:KnownNetworks has 'proxy.internal'; expected a network in CIDR form such as 172.18.0.0/16", error.Message);
    }

    static ForwardedHeadersOptions Configure(Dictionary<string, string?> settings)
    {
        var options = new ForwardedHeadersOptions();
        Https.ConfigureForwardedHeaders(options, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return options;
    }
}

using System.Security.Cryptography.X509Certificates;
using CampaignTracker.Web.Security;

namespace CampaignTracker.Tests.Security;

public sealed class TlsCertCommandTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "ct-tls-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Writes_a_server_certificate_for_the_named_hosts_and_a_key_that_matches_it()
    {
        Assert.Equal(0, TlsCertCommand.Run(["--out", folder, "--host", "campaigntracker.example", "--host", "10.0.0.5"], new StringWriter(), new StringWriter()));

        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(folder, "tls.crt"), Path.Combine(folder, "tls.key"));
        Assert.True(certificate.HasPrivateKey);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["campaigntracker.example"], names.EnumerateDnsNames());
        Assert.Equal(["10.0.0.5"], names.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.InRange(certificate.NotAfter, DateTime.Now.AddDays(364), DateTime.Now.AddDays(366));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "tls.key")));
    }

    [Fact]
    public void A_second_run_keeps_the_certificate_browsers_were_told_to_accept()
    {
        Assert.Equal(0, TlsCertCommand.Run(["--out", folder], new StringWriter(), new StringWriter()));
        var first = File.ReadAllText(Path.Combine(folder, "tls.crt"));
        var output = new StringWriter();

        Assert.Equal(0, TlsCertCommand.Run(["--out", folder], output, new StringWriter()));
        Assert.Equal(first, File.ReadAllText(Path.Combine(folder, "tls.crt")));
        Assert.Contains("kept the existing", output.ToString());
    }

    [Fact]
    public void Without_a_folder_it_prints_the_usage_and_exits_2()
    {
        var error = new StringWriter();
        Assert.Equal(2, TlsCertCommand.Run(["--host", "x"], new StringWriter(), error));
        Assert.Contains("usage: tls-cert --out DIR", error.ToString());
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}

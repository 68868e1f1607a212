using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CampaignTracker.Web.Security;

/// <summary>
/// <c>tls-cert --out DIR [--host NAME]...</c>: a self-signed certificate for the TLS-terminating proxy of a first start
/// (docker/compose.yaml runs it before nginx; the nginx proxy test makes its certificate with it). Writes DIR/tls.crt and
/// DIR/tls.key (PEM) unless both exist: a restart keeps the certificate browsers were told to accept. Not for a real
/// deployment, which brings a certificate of its own (README, Production).
/// </summary>
public static class TlsCertCommand
{
    public const string CertificateFile = "tls.crt", KeyFile = "tls.key";
    const string Usage = "usage: tls-cert --out DIR [--host NAME]...   (default hosts: localhost, 127.0.0.1, ::1)";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? folder = null;
        var hosts = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length: folder = args[++i]; break;
                case "--host" when i + 1 < args.Length: hosts.Add(args[++i]); break;
                default:
                    stderr.WriteLine($"tls-cert: unexpected argument '{args[i]}'");
                    stderr.WriteLine(Usage);
                    return 2;
            }
        }
        if (folder is null)
        {
            stderr.WriteLine(Usage);
            return 2;
        }

        var (certificate, key) = (Path.Combine(folder, CertificateFile), Path.Combine(folder, KeyFile));
        if (File.Exists(certificate) && File.Exists(key))
        {
            stdout.WriteLine($"tls-cert: kept the existing {certificate}");
            return 0;
        }
        try
        {
            Directory.CreateDirectory(folder);
            var (certificatePem, keyPem) = SelfSigned(hosts.Count > 0 ? hosts : ["localhost", "127.0.0.1", "::1"], TimeSpan.FromDays(365));
            File.WriteAllText(certificate, certificatePem);
            File.WriteAllText(key, keyPem);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"tls-cert: could not write to {folder}: {e.Message}");
            return 1;
        }
        stdout.WriteLine($"tls-cert: wrote a self-signed certificate (1 year) to {certificate} and its key to {key}");
        return 0;
    }

    /// <summary>A self-signed server certificate for <paramref name="hosts"/> (names and IP addresses), as PEM texts.</summary>
    public static (string Certificate, string Key) SelfSigned(IReadOnlyList<string> hosts, TimeSpan lifetime)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hosts[0]}, O=CampaignTracker (self-signed)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address)) names.AddIpAddress(address);
            else names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));   // server authentication
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(lifetime));
        return (certificate.ExportCertificatePem(), rsa.ExportPkcs8PrivateKeyPem());
    }
}

using MailKit.Security;
using MimeKit;

namespace CampaignTracker.Web.Mail;

public enum MailTls { None, StartTls, SslOnConnect }

/// <summary>
/// Email:* (README, E-mail). Without Email:Host e-mail is off: nothing is queued and the pages say so.
/// Links in mails are absolute, from App:PublicUrl, which must be set when e-mail is on.
/// </summary>
public sealed record EmailSettings(
    string? Host, int Port, MailTls UseTls, string? User, string? Password, MailboxAddress? From, int MaxAttempts, TimeSpan RetryDelay,
    Uri? PublicUrl, string DefaultTimeZone)
{
    public bool Enabled => Host is not null;

    public SecureSocketOptions SocketOptions => UseTls switch
    {
        MailTls.StartTls => SecureSocketOptions.StartTls,
        MailTls.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    /// <summary>"smtp.example.com:587 (StartTls) as alerts@example.com", for the Mail page.</summary>
    public string Describe() => Enabled ? $"{Host}:{Port} ({UseTls}) from {From}" + (User is null ? "" : $", signing in as {User}") : "off";

    /// <summary>The absolute URL of an app path ("/Alerts?id=3").</summary>
    public string Link(string path) => new Uri(PublicUrl!, path).ToString();

    /// <summary>Reads and checks Email:* and App:PublicUrl; a bad value throws (StartupChecks prints it as one line).</summary>
    public static EmailSettings Read(IConfiguration config)
    {
        var host = config["Email:Host"] is { Length: > 0 } h ? h.Trim() : null;
        var tls = Parse(config["Email:UseTls"], MailTls.StartTls);
        var port = config["Email:Port"] is { Length: > 0 } p
            ? int.TryParse(p, out var n) && n is > 0 and < 65536 ? n : throw new InvalidOperationException($"Email:Port is '{p}'; expected a port number 1-65535")
            : tls == MailTls.SslOnConnect ? 465 : tls == MailTls.StartTls ? 587 : 25;
        var attempts = config["Email:MaxAttempts"] is { Length: > 0 } a
            ? int.TryParse(a, out var m) && m is >= 1 and <= 100 ? m : throw new InvalidOperationException($"Email:MaxAttempts is '{a}'; expected a whole number 1-100")
            : 8;
        var delay = config["Email:RetryDelay"] is { Length: > 0 } d
            ? TimeSpan.TryParse(d, System.Globalization.CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t
                : throw new InvalidOperationException($"Email:RetryDelay is '{d}'; expected a time span such as 00:01:00")
            : TimeSpan.FromMinutes(1);
        var zone = config["Email:DefaultTimeZone"] is { Length: > 0 } z ? z.Trim() : "Asia/Kolkata";
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            throw new InvalidOperationException($"Email:DefaultTimeZone is '{zone}'; expected an IANA time zone such as Asia/Kolkata");

        MailboxAddress? from = null;
        Uri? publicUrl = null;
        if (host is not null)
        {
            from = config["Email:From"] is { Length: > 0 } f && MailboxAddress.TryParse(f, out var address) && address.Address.Contains('@')
                ? address
                : throw new InvalidOperationException($"Email:Host is set and Email:From is '{config["Email:From"]}'; expected the sender's address, e.g. \"CampaignTracker <alerts@example.com>\"");
            publicUrl = config["App:PublicUrl"] is { Length: > 0 } u && Uri.TryCreate(u.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && (uri.Scheme == "https" || uri.Scheme == "http")
                ? uri
                : throw new InvalidOperationException($"Email:Host is set and App:PublicUrl is '{config["App:PublicUrl"]}'; expected the address people open the app at, e.g. https://campaigns.example.com (links in mails are absolute)");
        }
        return new EmailSettings(host, port, tls, config["Email:User"] is { Length: > 0 } user ? user : null, config["Email:Password"], from, attempts, delay, publicUrl, zone);
    }

    static MailTls Parse(string? value, MailTls otherwise) =>
        string.IsNullOrWhiteSpace(value) ? otherwise
        : Enum.TryParse<MailTls>(value.Trim(), ignoreCase: true, out var tls) && value.Trim().All(char.IsLetter) ? tls
        : throw new InvalidOperationException($"Email:UseTls is '{value}'; expected None, StartTls or SslOnConnect");
}

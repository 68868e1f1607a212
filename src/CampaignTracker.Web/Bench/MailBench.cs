using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Mail;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using SmtpServer;
using SmtpServer.Storage;

namespace CampaignTracker.Web.Bench;

/// <summary>
/// `bench-mail [--count N] [--data DIR]` (issue 16): the outbox's send rate to a real SMTP server on loopback (the
/// SmtpServer library, as in the tests, requiring AUTH), against a baseline measured in the same run: MailKit sending
/// the same messages over the same connections (100 messages each) with no database. The outbox adds the claim and the Sent mark per message.
/// </summary>
public static class MailBench
{
    public const string User = "bench";
    public const string Password = "bench-smtp-password";

    public sealed record Options(int Count, string DataFolder, int Port);

    public static Options? Parse(string[] args, TextWriter stderr)
    {
        var count = 2_000;
        string? data = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--count" when i + 1 < args.Length && int.TryParse(args[i + 1], out var n) && n is >= 1 and <= 1_000_000:
                    count = n; i++; break;
                case "--data" when i + 1 < args.Length:
                    data = args[++i]; break;
                default:
                    stderr.WriteLine($"bench-mail: unexpected argument '{args[i]}'. Usage: bench-mail [--count 1..1000000] [--data DIR]");
                    return null;
            }
        }
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new Options(count, Path.GetFullPath(data ?? Path.Combine(Path.GetTempPath(), "campaigntracker-bench-mail")), ((IPEndPoint)listener.LocalEndpoint).Port);
    }

    /// <summary>The app's e-mail settings for the run: the loopback server, plain SMTP with AUTH.</summary>
    public static void Configure(IConfiguration config, Options o)
    {
        config["Email:Host"] = "127.0.0.1";
        config["Email:Port"] = o.Port.ToString();
        config["Email:UseTls"] = "None";
        config["Email:User"] = User;
        config["Email:Password"] = Password;
        config["Email:From"] = "CampaignTracker <bench@campaigntracker.local>";
        config["App:PublicUrl"] = "https://campaigns.bench.local";
    }

    public static async Task<int> RunAsync(IServiceProvider services, Options o, TextWriter stdout)
    {
        var received = 0;
        var server = new SmtpServer.SmtpServer(new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, o.Port)).AuthenticationRequired(true).AllowUnsecureAuthentication(true)).Build(),
            Provider(() => Interlocked.Increment(ref received)));
        var serving = server.StartAsync(CancellationToken.None);
        try
        {
            using var scope = services.CreateScope();
            var sp = scope.ServiceProvider;
            var settings = sp.GetRequiredService<EmailSettings>();
            var sender = sp.GetRequiredService<OutboxSender>();
            var (html, text) = Body();
            stdout.WriteLine($"bench-mail: {o.Count:N0} messages of {(html.Length + text.Length) / 1024.0:F1} KB (HTML + text) to the SMTP server on 127.0.0.1:{o.Port} (AUTH PLAIN)");

            // Baseline: the same MIME messages over one MailKit connection, no database.
            var baseline = Stopwatch.StartNew();
            using (var smtp = new SmtpClient())
            {
                for (var i = 0; i < o.Count; i++)
                {
                    if (i % OutboxSender.MessagesPerConnection == 0)   // as the outbox does
                    {
                        if (smtp.IsConnected) await smtp.DisconnectAsync(true);
                        await OutboxSender.ConnectAsync(smtp, settings, default);
                    }
                    try { await smtp.SendAsync(sender.MimeOf(new OutboxMessage { Id = -i - 1, To = $"user{i}@bench.local", Subject = $"Baseline {i}", Html = html, Text = text })); }
                    catch (SmtpCommandException e) { return Fail(stdout, $"baseline message {i}: {(int)e.StatusCode} {e.Message}"); }
                }
                await smtp.DisconnectAsync(true);
            }
            baseline.Stop();
            if (received != o.Count) return Fail(stdout, $"the server received {received} of {o.Count} baseline messages");

            var outbox = sp.GetRequiredService<Outbox>();
            var queueing = Stopwatch.StartNew();
            for (var i = 0; i < o.Count; i++)
                await outbox.QueueAsync(new MailDraft(MailKind.Test, null, $"user{i}@bench.local", $"Outbox {i}", html, text, settings.Link("/Unsubscribe?token=bench")), default);
            queueing.Stop();
            var sending = Stopwatch.StartNew();
            var outcome = await sender.SendDueAsync(default);
            sending.Stop();
            var db = sp.GetRequiredService<CampaignDbContext>();
            var sent = await db.Outbox.CountAsync(m => m.State == OutboxState.Sent);
            if (outcome.Sent != o.Count || sent != o.Count || received != 2 * o.Count)
                return Fail(stdout, $"the outbox sent {outcome.Sent}, marked {sent} sent, the server received {received - o.Count}, of {o.Count}");

            double Rate(Stopwatch s) => o.Count / s.Elapsed.TotalSeconds;
            stdout.WriteLine($"| step | time | messages/s |");
            stdout.WriteLine($"|---|---|---|");
            stdout.WriteLine($"| baseline: MailKit, a connection per 100, no database | {baseline.Elapsed.TotalSeconds:F2} s | {Rate(baseline):N0} |");
            stdout.WriteLine($"| queue into the outbox (one insert each) | {queueing.Elapsed.TotalSeconds:F2} s | {Rate(queueing):N0} |");
            stdout.WriteLine($"| send the outbox (claim, send, mark each) | {sending.Elapsed.TotalSeconds:F2} s | {Rate(sending):N0} |");
            stdout.WriteLine($"outbox send rate = {Rate(sending) / Rate(baseline):P0} of the baseline's; every message received once ({received:N0} in all).");
            return 0;
        }
        finally
        {
            server.Shutdown();
            await server.ShutdownTask;
            await serving;
        }
    }

    static int Fail(TextWriter stdout, string why)
    {
        stdout.WriteLine($"bench-mail: FAILED: {why}");
        return 1;
    }

    /// <summary>An alert mail's size: a heading, a message, a table of figures and two links, per alert, five alerts.</summary>
    static (string Html, string Text) Body()
    {
        var body = new MailBody().Paragraph("New alerts in all brands, as the rules found them.");
        for (var i = 1; i <= 5; i++)
            body.Heading($"Warning: Spend spike — Campaign_{i} (MuscleBlaze)")
                .Paragraph($"Spend of Campaign_{i} on 2025-07-16 is ₹84,000.50, above its band of the previous 28 days (median ₹12,000.00 + 4 × MAD).")
                .Table(["Figure", "Value"], [["value", "₹84,000.50"], ["median", "₹12,000.00"], ["mad", "₹1,500.00"], ["daysOutside", "2"]])
                .Link("Open the alert", $"https://campaigns.bench.local/Alerts?id={i}&status=all").Link("See the evidence", $"https://campaigns.bench.local/Campaigns?campaign=Campaign_{i}");
        return body.Finish("5 new alerts", "You receive this because of your notification settings.", "https://campaigns.bench.local/Account/Notifications",
            "https://campaigns.bench.local/Unsubscribe?token=bench");
    }

    static SmtpServer.ComponentModel.ServiceProvider Provider(Action counted)
    {
        var provider = new SmtpServer.ComponentModel.ServiceProvider();
        provider.Add(new CountingStore(counted));
        provider.Add(new Account());
        provider.Add(new NoDelayListeners());
        return provider;
    }

    /// <summary>
    /// The library's listener with Nagle's algorithm off on each accepted connection, as mail servers run (Postfix does):
    /// with it on, each reply waits for the client's delayed ACK, ~40 ms a message on Linux.
    /// </summary>
    public sealed class NoDelayListeners : SmtpServer.Net.IEndpointListenerFactory
    {
        public SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpoint)
        {
            var tcp = new TcpListener(endpoint.Endpoint);
            tcp.Start();
            return new Listener(tcp);
        }

        sealed class Listener(TcpListener tcp) : SmtpServer.Net.IEndpointListener
        {
            public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken ct)
            {
                var client = await tcp.AcceptTcpClientAsync(ct);
                client.NoDelay = true;
                return new Pipe(client);
            }

            public void Dispose() => tcp.Stop();
        }

        /// <summary>Plain TCP only (the bench speaks no TLS).</summary>
        sealed class Pipe(TcpClient client) : SmtpServer.IO.ISecurableDuplexPipe
        {
            readonly NetworkStream stream = client.GetStream();
            public System.IO.Pipelines.PipeReader Input => input ??= System.IO.Pipelines.PipeReader.Create(stream);
            public System.IO.Pipelines.PipeWriter Output => output ??= System.IO.Pipelines.PipeWriter.Create(stream);
            System.IO.Pipelines.PipeReader? input;
            System.IO.Pipelines.PipeWriter? output;
            public bool IsSecure => false;
            public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

            public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Authentication.SslProtocols protocols, CancellationToken ct) =>
                throw new NotSupportedException("bench-mail's server speaks plain SMTP");

            public void Dispose() => client.Dispose();
        }
    }

    sealed class CountingStore(Action counted) : MessageStore
    {
        public override Task<SmtpServer.Protocol.SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            counted();
            return Task.FromResult(SmtpServer.Protocol.SmtpResponse.Ok);
        }
    }

    sealed class Account : SmtpServer.Authentication.IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken ct) =>
            Task.FromResult(user == User && password == Password);
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace CampaignTracker.Tests.Mail;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer library, in process): the app's MailKit client talks SMTP to it over
/// TCP, with AUTH, and every accepted message is kept as the MIME the server received. Stop and start it on the same
/// port to play a mail server that goes away.
/// </summary>
public sealed class LoopbackSmtp : IAsyncDisposable
{
    public const string User = "campaigntracker";
    public const string Password = "smtp-secret-1";

    public int Port { get; } = FreePort();
    public ConcurrentQueue<(string[] To, MimeMessage Message)> Received { get; } = new();

    SmtpServer.SmtpServer? server;
    Task? running;

    public LoopbackSmtp() => Start();

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).AuthenticationRequired(true).AllowUnsecureAuthentication(true))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Authenticator());
        server = new SmtpServer.SmtpServer(options, services);
        running = server.StartAsync(CancellationToken.None);
        // Listening once the port takes a connection.
        for (var i = 0; i < 100; i++)
        {
            try { using var probe = new TcpClient(); probe.Connect(IPAddress.Loopback, Port); return; }
            catch (SocketException) { Thread.Sleep(20); }
        }
        throw new InvalidOperationException("the loopback SMTP server did not start");
    }

    public async Task StopAsync()
    {
        if (server is null) return;
        server.Shutdown();
        await server.ShutdownTask.WaitAsync(TimeSpan.FromSeconds(10));
        if (running is not null) await running.WaitAsync(TimeSpan.FromSeconds(10));
        server = null;
    }

    public List<(string[] To, MimeMessage Message)> To(string address) =>
        Received.Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync() => await StopAsync();

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    sealed class Store(LoopbackSmtp smtp) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            smtp.Received.Enqueue((transaction.To.Select(m => $"{m.User}@{m.Host}").ToArray(), MimeMessage.Load(stream)));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    sealed class Authenticator : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken token) =>
            Task.FromResult(user == User && password == Password);
    }
}

using System.Net.Sockets;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace CampaignTracker.Web.Mail;

/// <summary>
/// Sends what is due in the outbox over one SMTP connection (issue 16). A message is claimed before it is sent —
/// Queued → Sending in one UPDATE that only one run can win — so it goes out at most once; a failure puts it back
/// with a doubled delay (Email:RetryDelay, 2×, 4×, … at most a day) until Email:MaxAttempts, then it is Failed.
/// </summary>
public class OutboxSender(CampaignDbContext db, EmailSettings settings, StoragePaths paths, TimeProvider clock, ILogger<OutboxSender> log)
{
    /// <summary>A claim older than this was cut short (the process stopped while sending).</summary>
    public static readonly TimeSpan ClaimLifetime = TimeSpan.FromMinutes(15);
    const int Batch = 500;

    /// <summary>
    /// Messages sent over one connection before it is closed and opened again: servers limit them (Exchange and
    /// hosted relays at tens to hundreds), and the SmtpServer library the tests use refused the 1,316th.
    /// </summary>
    public const int MessagesPerConnection = 100;

    public sealed record Outcome(int Sent, int Retrying, int Failed);

    public async Task<Outcome> SendDueAsync(CancellationToken ct)
    {
        if (!settings.Enabled) return new(0, 0, 0);
        await ReleaseInterruptedAsync(ct);
        int sent = 0, retrying = 0, failed = 0;
        using var smtp = new SmtpClient();
        var onThisConnection = 0;
        while (!ct.IsCancellationRequested)
        {
            var due = await DueAsync(ct);
            if (due.Count == 0) break;
            foreach (var id in due)
            {
                if (ct.IsCancellationRequested) break;
                if (await ClaimAsync(id, ct) is not { } message) continue;   // another run has it
                if (smtp.IsConnected && onThisConnection == MessagesPerConnection) await smtp.DisconnectAsync(quit: true, CancellationToken.None);
                if (!smtp.IsConnected) onThisConnection = 0;
                onThisConnection++;
                var error = await TrySendAsync(smtp, message, ct);
                if (error is null) { await SentAsync(message); sent++; continue; }
                if (await FailedAttemptAsync(message, error)) failed++; else retrying++;
                // The server or the account is the problem, not this message: the rest wait for the next run.
                if (error.Connection) return Log(new(sent, retrying, failed));
            }
        }
        if (smtp.IsConnected) await smtp.DisconnectAsync(quit: true, CancellationToken.None);
        return Log(new(sent, retrying, failed));
    }

    Outcome Log(Outcome o)
    {
        if (o.Sent + o.Retrying + o.Failed > 0)
            log.LogInformation("Mail: {Sent} sent, {Retrying} to retry, {Failed} failed", o.Sent, o.Retrying, o.Failed);
        return o;
    }

    async Task<List<long>> DueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Outbox.Where(m => m.State == OutboxState.Queued && m.NextAttemptAt <= now).OrderBy(m => m.Id).Select(m => m.Id).Take(Batch).ToListAsync(ct);
    }

    /// <summary>
    /// The message, claimed for this run with one UPDATE that only one run can win; null when another run claimed it first.
    /// One at a time, just before it is sent: a stop leaves at most the one being sent in doubt.
    /// </summary>
    async Task<OutboxMessage?> ClaimAsync(long id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var token = Guid.NewGuid().ToString("N");
        var won = await db.Outbox.Where(m => m.Id == id && m.State == OutboxState.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Sending).SetProperty(m => m.ClaimToken, token).SetProperty(m => m.ClaimedAt, now), ct);
        return won == 1 ? await db.Outbox.SingleAsync(m => m.Id == id, ct) : null;
    }

    sealed record SendError(string Text, bool Connection, bool Permanent);

    async Task<SendError?> TrySendAsync(SmtpClient smtp, OutboxMessage message, CancellationToken ct)
    {
        MimeMessage mime;
        try
        {
            mime = MimeOf(message);
        }
        catch (Exception e) when (e is IOException or ParseException)
        {
            // Its attachment file is gone (the data folder replaced?) or its address cannot be parsed: no retry mends that.
            return new SendError($"cannot build the message: {e.Message}", Connection: false, Permanent: true);
        }
        try
        {
            if (!smtp.IsConnected)
            {
                await ConnectAsync(smtp, settings, ct);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpCommandException or SmtpProtocolException or AuthenticationException or SslHandshakeException or TimeoutException)
        {
            if (smtp.IsConnected) await smtp.DisconnectAsync(quit: false, CancellationToken.None);
            return new SendError($"{Describe(e)} ({settings.Host}:{settings.Port})", Connection: true, Permanent: false);
        }
        try
        {
            await smtp.SendAsync(mime, ct);
            return null;
        }
        catch (SmtpCommandException e)
        {
            // 5xx about the recipient or the message will not change with time; 4xx and the rest may.
            var permanent = (int)e.StatusCode >= 500 && e.ErrorCode is SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted;
            return new SendError(Describe(e), Connection: !permanent && e.ErrorCode == SmtpErrorCode.UnexpectedStatusCode, permanent);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException or TimeoutException)
        {
            if (smtp.IsConnected) await smtp.DisconnectAsync(quit: false, CancellationToken.None);
            return new SendError(Describe(e), Connection: true, Permanent: false);
        }
    }

    /// <summary>
    /// Connects (and signs in) with Nagle's algorithm off: SMTP is a conversation of short lines, and with it on each
    /// command waits for the server's delayed ACK (bench-mail: 22 messages/s with it, see README).
    /// </summary>
    public static async Task ConnectAsync(SmtpClient smtp, EmailSettings settings, CancellationToken ct)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(settings.Host!, settings.Port, ct);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        await smtp.ConnectAsync(socket, settings.Host!, settings.Port, settings.SocketOptions, ct);   // the client owns the socket now
        if (settings.User is not null) await smtp.AuthenticateAsync(settings.User, settings.Password ?? "", ct);
    }

    static string Describe(Exception e) => e switch
    {
        AuthenticationException => $"the mail server refused Email:User / Email:Password: {e.Message}",
        SmtpCommandException s => $"the mail server answered {(int)s.StatusCode}: {s.Message}",
        SocketException s => $"cannot reach the mail server: {s.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    internal MimeMessage MimeOf(OutboxMessage message)
    {
        var mime = new MimeMessage { Subject = message.Subject, MessageId = $"outbox-{message.Id}@{settings.PublicUrl?.Host ?? "campaigntracker"}" };
        mime.From.Add(settings.From!.Clone());
        mime.To.Add(MailboxAddress.Parse(message.To));
        if (message.UnsubscribeUrl is { } unsubscribe)
        {
            mime.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");   // RFC 8058: the mail program unsubscribes with one POST
        }
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { HtmlBody = message.Html, TextBody = message.Text };
        if (message.AttachmentPath is { } path)
            body.Attachments.Add(message.AttachmentName ?? Path.GetFileName(path), File.ReadAllBytes(Path.Combine(paths.DataDirectory, path)));
        mime.Body = body.ToMessageBody();
        return mime;
    }

    async Task SentAsync(OutboxMessage message)
    {
        message.State = OutboxState.Sent;
        message.SentAt = clock.GetUtcNow().UtcDateTime;
        message.Attempts++;
        message.LastError = null;
        await db.SaveChangesAsync(CancellationToken.None);   // sent is sent: recorded even when the job is being stopped
        db.ChangeTracker.Clear();
        if (message.AttachmentPath is { } path) File.Delete(Path.Combine(paths.DataDirectory, path));
    }

    /// <returns>True when it is now Failed for good.</returns>
    async Task<bool> FailedAttemptAsync(OutboxMessage message, SendError error)
    {
        message.Attempts++;
        message.LastError = error.Text.Length <= 2000 ? error.Text : error.Text[..1999] + "…";
        var over = error.Permanent || message.Attempts >= settings.MaxAttempts;
        message.State = over ? OutboxState.Failed : OutboxState.Queued;
        message.NextAttemptAt = clock.GetUtcNow().UtcDateTime + Backoff(settings.RetryDelay, message.Attempts);
        message.ClaimToken = null;
        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        log.LogWarning("Mail {Id} to {To}: attempt {Attempt} failed ({Error}){Then}", message.Id, message.To, message.Attempts, error.Text, over ? "; failed" : "");
        return over;
    }

    /// <summary>The delay before attempt n + 1: the base, doubled after each failure, at most a day.</summary>
    public static TimeSpan Backoff(TimeSpan first, int failedAttempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromDays(1).Ticks, first.Ticks * (1L << Math.Min(failedAttempts - 1, 20))));

    /// <summary>
    /// A message still claimed long after its run began was cut short by a stop while sending: it may or may not have been
    /// delivered. Sending it again could deliver it twice, so it is Failed, for an admin to look at and send again.
    /// </summary>
    async Task ReleaseInterruptedAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime - ClaimLifetime;
        await db.Outbox.Where(m => m.State == OutboxState.Sending && m.ClaimedAt < before)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.State, OutboxState.Failed).SetProperty(m => m.ClaimToken, (string?)null)
                .SetProperty(m => m.LastError, "interrupted while sending (the app stopped): it may have been delivered, so it is not sent again by itself; send it again from the Mail page if it was not"), ct);
    }
}

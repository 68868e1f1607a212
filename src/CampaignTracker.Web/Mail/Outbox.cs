using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Mail;

/// <summary>A mail ready to queue: its parts and, for the List-Unsubscribe header, its unsubscribe link.</summary>
public sealed record MailDraft(MailKind Kind, string? UserId, string To, string Subject, string Html, string Text,
    string? UnsubscribeUrl = null, (string Name, byte[] Content)? Attachment = null, string? OnceKey = null);

/// <summary>Queues mails (issue 16): the request or job that composes one never waits for the mail server.</summary>
public class Outbox(CampaignDbContext db, StoragePaths paths, TimeProvider clock)
{
    /// <summary>Queues <paramref name="draft"/>; false when its once-key is queued already (nothing is written then).</summary>
    public async Task<bool> QueueAsync(MailDraft draft, CancellationToken ct)
    {
        if (draft.OnceKey is { } key && await db.Outbox.AnyAsync(m => m.OnceKey == key, ct)) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        string? attachment = null;
        if (draft.Attachment is { } file)
        {
            Directory.CreateDirectory(paths.Mail);
            attachment = Path.Combine("mail", $"{Guid.NewGuid():N}{Path.GetExtension(file.Name)}");
            await File.WriteAllBytesAsync(Path.Combine(paths.DataDirectory, attachment), file.Content, ct);
        }
        db.Outbox.Add(new OutboxMessage
        {
            Kind = draft.Kind, UserId = draft.UserId, To = draft.To, Subject = Cut(draft.Subject, 400), Html = draft.Html, Text = draft.Text,
            AttachmentPath = attachment, AttachmentName = draft.Attachment?.Name, UnsubscribeUrl = draft.UnsubscribeUrl, OnceKey = draft.OnceKey,
            State = OutboxState.Queued, CreatedAt = now, NextAttemptAt = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException) when (draft.OnceKey is not null)
        {
            db.ChangeTracker.Clear();
            if (attachment is not null) File.Delete(Path.Combine(paths.DataDirectory, attachment));
            if (await db.Outbox.AnyAsync(m => m.OnceKey == draft.OnceKey, ct)) return false;   // queued by another run meanwhile: the unique key kept it single
            throw;
        }
    }

    static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

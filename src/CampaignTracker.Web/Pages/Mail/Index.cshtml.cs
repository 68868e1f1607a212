using System.Security.Claims;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Mail;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Mail;

/// <summary>
/// Admins see the outbox (issue 16): what is queued, sent and failed, with the last error; a failed mail can be sent
/// again, and any user's digest can be previewed into the admin's own inbox ("Send me this digest now").
/// </summary>
public class IndexModel(CampaignDbContext db, EmailSettings email, Recipients recipients, Digests digests, Outbox outbox, AuditLog audit,
    IBackgroundJobClient jobs) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public EmailSettings Email => email;
    public IReadOnlyList<OutboxMessage> Messages { get; private set; } = [];
    public int Total { get; private set; }
    public IReadOnlyDictionary<OutboxState, int> Counts { get; private set; } = new Dictionary<OutboxState, int>();
    public IReadOnlyList<Recipient> Users { get; private set; } = [];

    [TempData] public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        OutboxState? state = null;
        if (!string.IsNullOrEmpty(State))
        {
            if (!Enum.TryParse<OutboxState>(State, ignoreCase: true, out var s) || !State.All(char.IsLetter))
                return BadRequest($"state must be queued, sending, sent or failed, not '{State}'");
            state = s;
        }
        PageNumber = Math.Max(1, PageNumber);
        Counts = (await db.Outbox.GroupBy(m => m.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(x => x.Key, x => x.Count);
        var matching = db.Outbox.AsNoTracking().Where(m => state == null || m.State == state);
        Total = await matching.CountAsync(ct);
        Messages = await matching.OrderByDescending(m => m.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(m => new OutboxMessage { Id = m.Id, Kind = m.Kind, To = m.To, Subject = m.Subject, State = m.State, Attempts = m.Attempts,
                LastError = m.LastError, CreatedAt = m.CreatedAt, NextAttemptAt = m.NextAttemptAt, SentAt = m.SentAt, AttachmentName = m.AttachmentName })
            .ToListAsync(ct);
        Users = await recipients.AllAsync(ct);
        return Page();
    }

    /// <summary>A failed mail back in the queue with its attempts from zero.</summary>
    public async Task<IActionResult> OnPostSendAgainAsync(long id, CancellationToken ct)
    {
        if (await db.Outbox.SingleOrDefaultAsync(m => m.Id == id, ct) is not { } message) return NotFound();
        if (message.State != OutboxState.Failed)
        {
            Message = $"Mail {id} is {message.State.ToString().ToLowerInvariant()}, not failed: nothing to send again.";
            return RedirectToPage(new { State });
        }
        (message.State, message.Attempts, message.NextAttemptAt, message.ClaimToken) = (OutboxState.Queued, 0, DateTime.UtcNow, null);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.MailSentAgain, message.To, $"mail {id}: {message.Subject} (last error: {message.LastError})", ct);
        if (email.Enabled) jobs.Enqueue<MailJob>(j => j.RunAsync(CancellationToken.None));
        Message = $"Mail {id} to {message.To} is queued again.";
        return RedirectToPage(new { State });
    }

    /// <summary>"Send me this digest now": <paramref name="userId"/>'s digest, in their scope, to the admin's own address.</summary>
    public async Task<IActionResult> OnPostPreviewDigestAsync(string userId, CancellationToken ct)
    {
        if (!email.Enabled)
        {
            Message = "E-mail is off (no Email:Host): nothing can be sent.";
            return RedirectToPage();
        }
        var me = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var myAddress = await db.Users.Where(u => u.Id == me).Select(u => u.Email).SingleOrDefaultAsync(ct);
        if (await recipients.FindAsync(userId, ct) is not { } whose || myAddress is null) return NotFound();
        await outbox.QueueAsync(await digests.ComposeAsync(whose, myAddress, MailKind.DigestPreview, onceKey: null, ct), ct);
        await audit.RecordAsync(AuditActions.DigestPreviewed, whose.Email, $"{whose.ScopeName} digest sent to {myAddress}", ct);
        jobs.Enqueue<MailJob>(j => j.RunAsync(CancellationToken.None));
        Message = $"{whose.Email}'s digest ({whose.ScopeName}) is on its way to {myAddress}.";
        return RedirectToPage();
    }
}

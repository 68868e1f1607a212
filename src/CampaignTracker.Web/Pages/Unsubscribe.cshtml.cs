using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages;

/// <summary>
/// The unsubscribe link of every mail (issue 16), signed per user and stream, without signing in. Opening it shows one
/// button (link checkers that open every URL in a mail must not unsubscribe anyone); the POST — that button, or a mail
/// program's one-click POST (RFC 8058, List-Unsubscribe-Post) — turns the stream off once and audits it.
/// </summary>
[IgnoreAntiforgeryToken]   // RFC 8058: the mail program's POST carries no antiforgery token; the signed token is the permission
public class UnsubscribeModel(UnsubscribeLinks links, Recipients recipients, CampaignDbContext db, AuditLog audit) : PageModel
{
    public enum Outcome { Confirm, Done, AlreadyOff, Invalid }

    public Outcome Result { get; private set; }
    public string? Email { get; private set; }
    public MailStream Stream { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token, CancellationToken ct) =>
        await ReadAsync(token, ct) is null ? Invalid() : Show(Outcome.Confirm);

    public async Task<IActionResult> OnPostAsync(string? token, CancellationToken ct)
    {
        if (await ReadAsync(token, ct) is not { } userId) return Invalid();
        var changed = false;
        await recipients.ChangeAsync(userId, p => changed = UnsubscribeLinks.Apply(p, Stream), ct);
        if (!changed) return Show(Outcome.AlreadyOff);
        await audit.RecordAsync(AuditActions.Unsubscribed, Email, $"{UnsubscribeLinks.Describe(Stream)} turned off by the mail's unsubscribe link", ct, actor: Email);
        return Show(Outcome.Done);
    }

    async Task<string?> ReadAsync(string? token, CancellationToken ct)
    {
        if (links.Read(token) is not { } read) return null;
        Email = await db.Users.Where(u => u.Id == read.UserId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        Stream = read.Stream;
        return Email is null ? null : read.UserId;   // a removed user's link does nothing
    }

    PageResult Show(Outcome outcome)
    {
        Result = outcome;
        return Page();
    }

    PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Show(Outcome.Invalid);
    }
}

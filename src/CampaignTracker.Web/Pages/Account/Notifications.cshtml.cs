using System.Security.Claims;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Mail;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Account;

/// <summary>
/// Each user's own mail choices (issue 16): per severity immediately / daily summary / never, rules to leave out, and the
/// weekly digest's day, time and time zone (which also set the daily summary's time).
/// </summary>
public class NotificationsModel(Recipients recipients, EmailSettings email, AuditLog audit) : PageModel
{
    public sealed record NotificationsInput
    {
        public Delivery Critical { get; init; }
        public Delivery Warning { get; init; }
        public Delivery Info { get; init; }
        public string[] Rules { get; init; } = [];
        public bool Digest { get; init; }
        public DayOfWeek DigestDay { get; init; }
        public TimeOnly SendAt { get; init; }
        public string TimeZone { get; init; } = "";
    }

    [BindProperty]
    public NotificationsInput Input { get; set; } = new();

    public EmailSettings Email => email;

    public string? Address { get; private set; }

    [TempData]
    public string? Message { get; set; }

    /// <summary>IANA zones this server knows, for the list (a typed name is checked against the same).</summary>
    public static IReadOnlyList<string> Zones { get; } = TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/') || id == "UTC").Order(StringComparer.Ordinal).ToList();

    string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var p = await recipients.PreferenceAsync(UserId, ct);
        Input = new NotificationsInput
        {
            Critical = p.Critical, Warning = p.Warning, Info = p.Info,
            Rules = AlertRules.Titles.Keys.Where(rule => !p.Mutes(rule)).ToArray(),
            Digest = p.Digest, DigestDay = p.DigestDay, SendAt = p.SendAt, TimeZone = p.TimeZone,
        };
        Address = User.FindFirstValue(ClaimTypes.Email) ?? User.Identity?.Name;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(Input.TimeZone ?? "", out _))
            ModelState.AddModelError("Input.TimeZone", $"'{Input.TimeZone}' is not a time zone this server knows; choose an IANA name such as Asia/Kolkata.");
        if (Input.Rules.Any(r => !AlertRules.Titles.ContainsKey(r)))
            ModelState.AddModelError("Input.Rules", "Unknown alert rule.");
        if (!ModelState.IsValid)
        {
            Address = User.Identity?.Name;
            return Page();
        }
        var now = DateTime.UtcNow;
        await recipients.ChangeAsync(UserId, p =>
        {
            // A severity newly mailed at once or daily starts from now: no mail of the alerts noticed while it was not.
            if (Newly(Delivery.Immediately)) p.ImmediateThrough = now;
            if (Newly(Delivery.Daily)) p.DailyThrough = now;
            bool Newly(Delivery d) =>
                (Input.Critical == d && p.Critical != d) || (Input.Warning == d && p.Warning != d) || (Input.Info == d && p.Info != d);
            p.Critical = Input.Critical;
            p.Warning = Input.Warning;
            p.Info = Input.Info;
            var muted = AlertRules.Titles.Keys.Where(rule => !Input.Rules.Contains(rule)).ToList();
            p.MutedRules = muted.Count == 0 ? "" : "," + string.Join(",", muted) + ",";
            // A new time or zone starts from now: no digest of an occurrence that passed while it was otherwise.
            if (p.DigestDay != Input.DigestDay || p.SendAt != Input.SendAt || p.TimeZone != Input.TimeZone) (p.DigestDoneFor, p.DailyDoneFor) = (null, null);
            p.Digest = Input.Digest;
            p.DigestDay = Input.DigestDay;
            p.SendAt = Input.SendAt;
            p.TimeZone = Input.TimeZone!;
        }, ct);
        await audit.RecordAsync(AuditActions.NotificationsChanged, User.Identity?.Name,
            $"critical {Input.Critical}, warning {Input.Warning}, info {Input.Info}; digest {(Input.Digest ? $"{Input.DigestDay} {Input.SendAt:HH:mm} {Input.TimeZone}" : "off")}", ct);
        Message = "Your notification settings were saved.";
        return RedirectToPage();
    }
}

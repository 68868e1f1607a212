using System.ComponentModel.DataAnnotations;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Users;

/// <summary>One user: role and brands, lock/unlock, password reset, removal. Each action redirects back here (PRG).</summary>
public class EditModel(UserAccounts accounts, TimeProvider clock) : PageModel
{
    public const string NoticeKey = "UserNotice";

    public sealed record EditInput
    {
        [Required]
        public string Role { get; init; } = "";

        public List<string> Brands { get; init; } = [];

        [DataType(DataType.Password), Display(Name = "New one-time password")]
        public string? Password { get; init; }
    }

    [BindProperty]
    public EditInput Input { get; set; } = new();

    public UserRow Row { get; private set; } = null!;

    public IReadOnlyList<string> BrandNames { get; private set; } = [];

    public bool IsLocked => Row.IsLocked(clock.GetUtcNow());

    /// <summary>Shown once: after a redirect from an action (TempData is read once).</summary>
    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Notice = TempData[NoticeKey] as string;
        Input = new EditInput { Role = Row.Role, Brands = [.. Row.Brands] };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct) =>
        await DoAsync(id, () => accounts.ChangeAsync(id, Input.Role, Input.Brands, ct), "Role and brands saved: they apply from the user's next request.", ct);

    public async Task<IActionResult> OnPostLockAsync(string id, CancellationToken ct) =>
        await DoAsync(id, () => accounts.LockAsync(id, ct), "Locked: the user cannot sign in, and their sessions end within a minute.", ct);

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct) =>
        await DoAsync(id, () => accounts.UnlockAsync(id, ct), "Unlocked.", ct);

    public async Task<IActionResult> OnPostResetPasswordAsync(string id, CancellationToken ct)
    {
        var password = string.IsNullOrEmpty(Input.Password) ? null : Input.Password;
        string? link = null;
        return await DoAsync(id, async () =>
        {
            var (token, errors) = await accounts.ResetPasswordAsync(id, password, ct);
            if (token is not null) link = Url.Page("/Account/SetPassword", null, new { user = id, token }, Request.Scheme);
            return errors;
        }, () => link is null
            ? "The one-time password is set: the user chooses their own at the next sign-in. Their sessions end."
            : $"The old password no longer works. Send the user this link to set a new one (shown only now): {link}", ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        var errors = await accounts.RemoveAsync(id, ct);
        if (errors.Count > 0) return Refused(errors);
        TempData[NoticeKey] = $"{Row.Email} was removed.";
        return RedirectToPage("Index");
    }

    Task<IActionResult> DoAsync(string id, Func<Task<IReadOnlyList<string>>> action, string done, CancellationToken ct) =>
        DoAsync(id, action, () => done, ct);

    async Task<IActionResult> DoAsync(string id, Func<Task<IReadOnlyList<string>>> action, Func<string> done, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        ModelState.Remove("Input.Role");   // only the role form sends it
        var errors = await action();
        if (errors.Count > 0) return Refused(errors);
        TempData[NoticeKey] = done();
        return RedirectToPage(new { id });
    }

    PageResult Refused(IReadOnlyList<string> errors)
    {
        foreach (var error in errors) ModelState.AddModelError(string.Empty, error);
        return Page();
    }

    async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        if ((await accounts.ListAsync(ct, id)).SingleOrDefault() is not { } row) return false;
        Row = row;
        BrandNames = await accounts.BrandNamesAsync(ct);
        return true;
    }
}

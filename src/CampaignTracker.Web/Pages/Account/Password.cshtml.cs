using System.ComponentModel.DataAnnotations;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Account;

/// <summary>Users change their own password; every other session of theirs ends (security stamp), this one goes on.</summary>
public class PasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit) : PageModel
{
    public sealed record PasswordInput
    {
        [Required, DataType(DataType.Password), Display(Name = "Current password")]
        public string Current { get; init; } = "";

        [Required, DataType(DataType.Password), Display(Name = "New password")]
        public string New { get; init; } = "";

        [Required, DataType(DataType.Password), Display(Name = "New password again")]
        [Compare(nameof(New), ErrorMessage = "The two new passwords differ.")]
        public string Repeat { get; init; } = "";
    }

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public bool MustChange { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync() =>
        await users.GetUserAsync(User) is { } user ? Show(user) : Challenge();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user) return Challenge();
        if (!ModelState.IsValid) return Show(user);
        var changed = await users.ChangePasswordAsync(user, Input.Current, Input.New);   // changes the security stamp
        if (!changed.Succeeded)
        {
            foreach (var error in changed.Errors)
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? "Input.Current" : "Input.New",
                    error.Code == "PasswordMismatch" ? "The current password is not correct." : error.Description);
            return Show(user);
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        await audit.RecordAsync(AuditActions.PasswordChanged, user.Email, "by the user; other sessions signed out", ct);
        Message = "Your password was changed. Other browsers signed in as you have been signed out.";
        return RedirectToPage();
    }

    PageResult Show(AppUser user)
    {
        MustChange = user.MustChangePassword;
        return Page();
    }
}

using System.ComponentModel.DataAnnotations;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Account;

/// <summary>The set-password link an admin passes on to a new user (or after a reset): usable once.</summary>
public class SetPasswordModel(UserManager<AppUser> users, AuditLog audit) : PageModel
{
    public const string BadLink = "This link is not valid any more: it was used already, or a newer one was made. Ask your administrator for a new link.";

    public sealed record SetPasswordInput
    {
        [Required, DataType(DataType.Password), Display(Name = "New password")]
        public string New { get; init; } = "";

        [Required, DataType(DataType.Password), Display(Name = "New password again")]
        [Compare(nameof(New), ErrorMessage = "The two passwords differ.")]
        public string Repeat { get; init; } = "";
    }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string UserId { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    [BindProperty]
    public SetPasswordInput Input { get; set; } = new();

    [TempData]
    public string? Message { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        if (await users.FindByIdAsync(UserId) is not { } user)
        {
            ModelState.AddModelError(string.Empty, BadLink);
            return Page();
        }
        var reset = await users.ResetPasswordAsync(user, Token, Input.New);
        if (!reset.Succeeded)
        {
            foreach (var error in reset.Errors)
                ModelState.AddModelError(error.Code == "InvalidToken" ? string.Empty : "Input.New", error.Code == "InvalidToken" ? BadLink : error.Description);
            return Page();
        }
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        await audit.RecordAsync(AuditActions.PasswordChanged, user.Email, "set with a set-password link", ct, actor: user.Email);
        Message = "Your password is set: sign in with it.";
        return RedirectToPage("/Account/Login");
    }
}

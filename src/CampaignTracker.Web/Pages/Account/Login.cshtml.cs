using System.ComponentModel.DataAnnotations;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Account;

public class LoginModel(SignInManager<AppUser> signIn) : PageModel
{
    public sealed record LoginInput
    {
        [Required, EmailAddress, Display(Name = "E-mail")]
        public string Email { get; init; } = "";

        [Required, DataType(DataType.Password)]
        public string Password { get; init; } = "";
    }

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");

        // One message for unknown e-mail and wrong password: no user enumeration.
        ModelState.AddModelError(string.Empty, result.IsLockedOut
            ? "Too many failed attempts: this account is locked for 15 minutes."
            : "The e-mail or password is not correct.");
        return Page();
    }
}

using System.ComponentModel.DataAnnotations;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Account;

public class LoginModel(PasswordSignIn signIn) : PageModel
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

    [TempData]
    public string? Message { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        switch (await signIn.SignInAsync(Input.Email, Input.Password, ct))
        {
            case PasswordSignIn.Outcome.SignedIn:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case PasswordSignIn.Outcome.MustChangePassword:
                return RedirectToPage("/Account/Password");
            default:
                ModelState.AddModelError(string.Empty, PasswordSignIn.Failure);
                return Page();
        }
    }
}

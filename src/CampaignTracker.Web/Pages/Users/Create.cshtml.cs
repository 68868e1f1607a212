using System.ComponentModel.DataAnnotations;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Users;

public class CreateModel(UserAccounts accounts) : PageModel
{
    public sealed record CreateInput
    {
        [Required, EmailAddress, Display(Name = "E-mail")]
        public string Email { get; init; } = "";

        [Required, Display(Name = "Role")]
        public string Role { get; init; } = Roles.BrandManager;

        public List<string> Brands { get; init; } = [];

        /// <summary>Empty: the user sets their own through a link shown once.</summary>
        [DataType(DataType.Password), Display(Name = "One-time password")]
        public string? Password { get; init; }
    }

    [BindProperty]
    public CreateInput Input { get; set; } = new();

    public IReadOnlyList<string> BrandNames { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => BrandNames = await accounts.BrandNamesAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var password = string.IsNullOrEmpty(Input.Password) ? null : Input.Password;
            var (user, errors) = await accounts.CreateAsync(Input.Email, Input.Role, Input.Brands, password, ct);
            if (user is not null)
            {
                TempData[EditModel.NoticeKey] = password is null
                    ? $"{user.Email} was added. Send them this link to set their password (shown only now): " +
                      Url.Page("/Account/SetPassword", null, new { user = user.Id, token = await accounts.SetPasswordTokenAsync(user) }, Request.Scheme)
                    : $"{user.Email} was added with the one-time password you chose: they choose their own at the first sign-in.";
                return RedirectToPage("Edit", new { id = user.Id });
            }
            foreach (var error in errors) ModelState.AddModelError(string.Empty, error);
        }
        BrandNames = await accounts.BrandNamesAsync(ct);
        return Page();
    }
}

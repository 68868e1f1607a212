using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CampaignTracker.Web.Security;

/// <summary>
/// Beyond Identity's length and character classes (Startup): not the e-mail (nor mostly its name part), and not one of the
/// passwords that password-spraying lists try first, compared ignoring case.
/// </summary>
public class PasswordRules : IPasswordValidator<AppUser>
{
    // The most used passwords that also meet 12 characters with upper, lower, digit and symbol.
    static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "Password123!", "Password1234", "Password1234!", "Password@123", "Password#123", "P@ssw0rd1234", "P@ssword1234", "P@ssw0rd123!",
        "Welcome123!!", "Welcome@1234", "Welcome12345", "Welcome2024!", "Welcome2025!", "Welcome2026!", "Qwerty123456", "Qwerty@12345",
        "Qwerty12345!", "Qwertyuiop1!", "Admin@123456", "Admin1234567", "Administrator1", "Letmein12345", "Letmein123!!",
        "Iloveyou123!", "Abcd@1234567", "Abc@12345678", "Abcdef123456", "Changeme123!", "ChangeMe1234", "Summer2024!!",
        "Summer2025!!", "Winter2024!!", "Winter2025!!", "Spring2025!!", "Autumn2025!!", "Football123!", "Monkey123456",
        "Dragon123456", "Sunshine123!", "Princess123!", "1234567890Aa!", "Aa1234567890", "Aa@123456789", "Zxcvbnm12345",
        "Asdfghjkl123", "Trustno1Trust", "Passw0rd!234", "India@123456", "Mumbai@12345", "Campaign123!", "Tracker@1234",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success);
        var email = user.Email ?? user.UserName ?? "";
        var localPart = email.Split('@')[0];
        // The e-mail, or mostly its name part ("johnsmith123!" for johnsmith@…), is the first thing an attacker tries.
        if (email.Length > 0 && (password.Contains(email, StringComparison.OrdinalIgnoreCase)
                                 || localPart.Length * 2 > password.Length && password.Contains(localPart, StringComparison.OrdinalIgnoreCase)))
            return Failed("PasswordContainsEmail", "The password must not be the e-mail address or mostly its name part.");
        if (Common.Contains(password))
            return Failed("PasswordTooCommon", "This password is on the list of common passwords: choose another.");
        return Task.FromResult(IdentityResult.Success);
    }

    static Task<IdentityResult> Failed(string code, string description) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = code, Description = description }));
}

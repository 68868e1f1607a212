using System.Security.Cryptography;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CampaignTracker.Web.Security;

/// <summary>
/// Creates the roles and, when no admin exists, the first admin: e-mail and password from
/// Bootstrap:AdminEmail / Bootstrap:AdminPassword, else a random password printed once, unless
/// <see cref="FirstAdminRule"/> requires the setting.
/// </summary>
public class BootstrapAdmin(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IConfiguration config, FirstAdminRule rule, ILogger<BootstrapAdmin> log)
{
    public const string DefaultEmail = "admin@campaigntracker.local";

    /// <exception cref="StartupRefusedException">No admin exists, and the rule requires a configured password that is not set.</exception>
    public async Task EnsureAsync(TextWriter console)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)));

        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0) return;

        var email = config["Bootstrap:AdminEmail"] is { Length: > 0 } configured ? configured : DefaultEmail;
        var configuredPassword = config["Bootstrap:AdminPassword"];
        if (string.IsNullOrEmpty(configuredPassword) && rule.PasswordRequired)
            throw new StartupRefusedException(
                "cannot start: no admin exists and Bootstrap:AdminPassword is not set; set Bootstrap__AdminPassword (environment) "
                + $"for the first admin {email} (its e-mail: Bootstrap__AdminEmail). "
                + "(In Production without a terminal a generated password would only be printed into the log.)");
        var password = string.IsNullOrEmpty(configuredPassword) ? GeneratePassword() : configuredPassword;

        var admin = await users.FindByEmailAsync(email);
        if (admin is null)
        {
            admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Check(await users.CreateAsync(admin, password));
        }
        Check(await users.AddToRoleAsync(admin, Roles.Admin));
        log.LogInformation("Created the first admin account {Email}", email);

        console.WriteLine();
        console.WriteLine("  First admin account created.");
        console.WriteLine($"    e-mail:   {email}");
        console.WriteLine(string.IsNullOrEmpty(configuredPassword)
            ? $"    password: {password}   (generated; shown only this once: write it down)"
            : "    password: the value of Bootstrap:AdminPassword");
        console.WriteLine();
    }

    /// <summary>24 random characters, at least one of each class, so any Identity password policy accepts it.</summary>
    public static string GeneratePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!#$%*+-=?@";
        char[] password =
        [
            .. RandomNumberGenerator.GetItems<char>(lower + upper + digits + symbols, 20),
            .. RandomNumberGenerator.GetItems<char>(lower, 1), .. RandomNumberGenerator.GetItems<char>(upper, 1),
            .. RandomNumberGenerator.GetItems<char>(digits, 1), .. RandomNumberGenerator.GetItems<char>(symbols, 1),
        ];
        RandomNumberGenerator.Shuffle(password.AsSpan());
        return new string(password);
    }

    static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Could not create the first admin: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}

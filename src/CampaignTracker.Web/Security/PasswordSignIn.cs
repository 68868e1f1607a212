using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CampaignTracker.Web.Security;

/// <summary>
/// Sign-in by e-mail and password with lockout (5 failures → 15 minutes, Startup), the audit entry,
/// and the same work whatever fails: an unknown e-mail or a locked account still hashes the password,
/// so neither answers faster than a wrong password (no user enumeration by timing).
/// </summary>
public class PasswordSignIn(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditLog audit, TimeProvider clock)
{
    /// <summary>One message for every failure, locked or not: the page must not tell which e-mails exist.</summary>
    public const string Failure = "The e-mail or password is not correct. After 5 failed attempts an account is locked for 15 minutes.";

    static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));

    public enum Outcome { Failed, SignedIn, MustChangePassword }

    public async Task<Outcome> SignInAsync(string email, string password, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        // An account still waiting for its set-password link has no hash to check: it must not answer faster either.
        if (user is null || user.PasswordHash is null || await users.IsLockedOutAsync(user))
        {
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DecoyHash.Value, password);
            await audit.RecordAsync(AuditActions.SignInFailed, email,
                user is null ? "unknown e-mail" : user.PasswordHash is null ? "no password set yet" : "account locked", ct, actor: email);
            return Outcome.Failed;
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await audit.RecordAsync(AuditActions.SignInFailed, user.Email, result.IsLockedOut ? "wrong password; account now locked for 15 minutes" : "wrong password", ct, actor: email);
            return Outcome.Failed;
        }
        user.LastSignInAt = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await audit.RecordAsync(AuditActions.SignIn, user.Email, null, ct, actor: user.Email);
        return user.MustChangePassword ? Outcome.MustChangePassword : Outcome.SignedIn;
    }
}

using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Security;

/// <summary>A user as the users page and `users list` show them.</summary>
public sealed record UserRow(string Id, string Email, string Role, IReadOnlyList<string> Brands, DateTime? LastSignInAt, DateTimeOffset? LockedUntil)
{
    public bool IsLocked(DateTimeOffset now) => LockedUntil > now;
}

/// <summary>
/// What admins do to accounts, from the users pages and the `users` command alike: every change is
/// audited, ends the user's other sessions (security stamp) where it takes rights away, and never
/// leaves the app without an admin. Methods return the reasons for a refusal; none means done.
/// </summary>
public class UserAccounts(UserManager<AppUser> users, CampaignDbContext db, AuditLog audit, TimeProvider clock)
{
    /// <param name="id">One user only; null: everyone.</param>
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct, string? id = null)
    {
        var rolesOf = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name ?? "");
        var brandsOf = (await db.UserBrands.Select(ub => new { ub.UserId, ub.Brand!.Name }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name);
        var all = await db.Users.AsNoTracking().Where(u => id == null || u.Id == id).ToListAsync(ct);
        return all.OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase)
            .Select(u => new UserRow(u.Id, u.Email ?? u.UserName ?? "", rolesOf[u.Id].Any() ? string.Join(", ", rolesOf[u.Id].Order()) : "(none)",
                brandsOf[u.Id].Order(StringComparer.OrdinalIgnoreCase).ToList(), u.LastSignInAt, u.LockoutEnd))
            .ToList();
    }

    public Task<List<string>> BrandNamesAsync(CancellationToken ct) => db.Brands.OrderBy(b => b.Name).Select(b => b.Name).ToListAsync(ct);

    /// <summary>
    /// Creates the account. With a password it is a one-time password (changed at the first sign-in);
    /// without one the result holds a set-password token for a link the admin passes on.
    /// </summary>
    public async Task<(AppUser? User, IReadOnlyList<string> Errors)> CreateAsync(string email, string role, IReadOnlyList<string> brands, string? password, CancellationToken ct)
    {
        email = email.Trim();
        var (brandIds, errors) = await CheckRoleAndBrandsAsync(role, brands, ct);
        if (await users.FindByEmailAsync(email) is not null) errors.Add($"A user with the e-mail {email} already exists.");
        if (errors.Count > 0) return (null, errors);

        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, MustChangePassword = password is not null };
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded) return (null, Describe(created));
        await users.AddToRoleAsync(user, role);
        db.UserBrands.AddRange(brandIds.Select(id => new UserBrand { UserId = user.Id, BrandId = id }));
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.UserCreated, email, $"role {role}; brands {List(brands)}; {(password is null ? "set-password link" : "one-time password")}", ct);
        return (user, []);
    }

    /// <summary>A token for /Account/SetPassword: valid until used or the account's security stamp changes.</summary>
    public Task<string> SetPasswordTokenAsync(AppUser user) => users.GeneratePasswordResetTokenAsync(user);

    public async Task<IReadOnlyList<string>> ChangeAsync(string id, string role, IReadOnlyList<string> brands, CancellationToken ct)
    {
        if (await FindAsync(id) is not { } user) return [NoSuchUser];
        var (brandIds, errors) = await CheckRoleAndBrandsAsync(role, brands, ct);
        var oldRole = (await users.GetRolesAsync(user)).FirstOrDefault() ?? "(none)";
        if (oldRole == Roles.Admin && role != Roles.Admin && await IsLastAdminAsync(user)) errors.Add(LastAdmin(user, "demoted"));
        if (errors.Count > 0) return errors;

        var oldBrands = await db.UserBrands.Include(ub => ub.Brand).Where(ub => ub.UserId == user.Id).ToListAsync(ct);
        var oldNames = oldBrands.Select(ub => ub.Brand!.Name).Order().ToList();
        db.UserBrands.RemoveRange(oldBrands);
        db.UserBrands.AddRange(brandIds.Select(b => new UserBrand { UserId = user.Id, BrandId = b }));
        await db.SaveChangesAsync(ct);   // BrandScope reads these on every request: the next request sees them
        if (oldRole != role)
        {
            if (oldRole != "(none)") await users.RemoveFromRoleAsync(user, oldRole);
            await users.AddToRoleAsync(user, role);
            await users.UpdateSecurityStampAsync(user);   // the role sits in the cookie: its sessions end
        }
        await audit.RecordAsync(AuditActions.UserChanged, user.Email,
            $"role {oldRole} → {role}; brands {List(oldNames)} → {List(brands)}", ct);
        return [];
    }

    public async Task<IReadOnlyList<string>> LockAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id) is not { } user) return [NoSuchUser];
        if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync(user)) return [LastAdmin(user, "locked")];
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(AuditActions.UserLocked, user.Email, null, ct);
        return [];
    }

    public async Task<IReadOnlyList<string>> UnlockAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id) is not { } user) return [NoSuchUser];
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(AuditActions.UserUnlocked, user.Email, null, ct);
        return [];
    }

    /// <summary>Sets a one-time password (given) or returns a set-password token (none given); either way the old one stops working.</summary>
    public async Task<(string? Token, IReadOnlyList<string> Errors)> ResetPasswordAsync(string id, string? password, CancellationToken ct)
    {
        if (await FindAsync(id) is not { } user) return (null, [NoSuchUser]);
        string? token = null;
        if (password is null)
        {
            await users.RemovePasswordAsync(user);   // also changes the security stamp: sessions end
            token = await users.GeneratePasswordResetTokenAsync(user);
        }
        else
        {
            var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
            if (!reset.Succeeded) return (null, Describe(reset));
            user.MustChangePassword = true;
            await users.UpdateAsync(user);
        }
        await audit.RecordAsync(AuditActions.PasswordReset, user.Email, password is null ? "set-password link" : "one-time password", ct);
        return (token, []);
    }

    public async Task<IReadOnlyList<string>> RemoveAsync(string id, CancellationToken ct)
    {
        if (await FindAsync(id) is not { } user) return [NoSuchUser];
        if (await users.IsInRoleAsync(user, Roles.Admin) && await IsLastAdminAsync(user)) return [LastAdmin(user, "removed")];
        var deleted = await users.DeleteAsync(user);
        if (!deleted.Succeeded) return Describe(deleted);
        await audit.RecordAsync(AuditActions.UserRemoved, user.Email, null, ct);
        return [];
    }

    public async Task<AppUser?> FindAsync(string idOrEmail) =>
        await users.FindByIdAsync(idOrEmail) ?? await users.FindByEmailAsync(idOrEmail.Trim());

    const string NoSuchUser = "There is no such user.";

    static string LastAdmin(AppUser user, string what) => $"{user.Email} is the last admin and cannot be {what}: make another user admin first.";

    // The last admin that can still sign in: a locked admin does not count.
    async Task<bool> IsLastAdminAsync(AppUser user) =>
        !(await users.GetUsersInRoleAsync(Roles.Admin)).Any(a => a.Id != user.Id && !(a.LockoutEnd > clock.GetUtcNow()));

    async Task<(List<int> BrandIds, List<string> Errors)> CheckRoleAndBrandsAsync(string role, IReadOnlyList<string> brands, CancellationToken ct)
    {
        var errors = new List<string>();
        if (!Roles.All.Contains(role)) errors.Add($"Unknown role '{role}': use {Roles.Listed}.");
        var known = await db.Brands.ToDictionaryAsync(b => b.Name, b => b.Id, StringComparer.OrdinalIgnoreCase, ct);
        foreach (var unknown in brands.Where(b => !known.ContainsKey(b)))
            errors.Add($"Unknown brand '{unknown}': the brands are {(known.Count == 0 ? "none yet (upload data first)" : List([.. known.Keys.Order()]))}.");
        if (role == Roles.BrandManager && brands.Count == 0) errors.Add("A brand manager needs at least one brand.");
        // Finance sees every brand: brands given with it are a mistake worth saying (Issue 15), not something to drop silently.
        if (role == Roles.Finance && brands.Count > 0) errors.Add("Finance sees every brand: leave the brands empty.");
        // Admins see every brand: assignments would mean nothing.
        var ids = Roles.SeesEveryBrand(role) ? [] : brands.Where(known.ContainsKey).Select(b => known[b]).Distinct().ToList();
        return (ids, errors);
    }

    static string List(IReadOnlyList<string> names) => names.Count == 0 ? "(none)" : string.Join(", ", names);

    static List<string> Describe(IdentityResult result) => result.Errors.Select(e => e.Description).ToList();
}

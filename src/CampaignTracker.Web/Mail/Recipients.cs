using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Mail;

/// <summary>A user mail can go to: their address, the brands they may see (as on the pages) and their choices.</summary>
/// <param name="BrandNames">The names of the brands in <paramref name="Scope"/>; empty for everyone's scope.</param>
public sealed record Recipient(string UserId, string Email, BrandScope Scope, IReadOnlyList<string> BrandNames, NotificationPreference Preference)
{
    /// <summary>"All brands", or the brand manager's brands: "Gritzo" / "HKVitals, MuscleBlaze".</summary>
    public string ScopeName => Scope.IsAll ? "All brands" : BrandNames.Count == 0 ? "No brands" : string.Join(", ", BrandNames);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Preference.TimeZone);
}

/// <summary>
/// Who receives mail: users with an address and a role that may view the dashboard, not locked out. The brand scope
/// follows <see cref="BrandScope.ForUserAsync"/>'s rule: Admin and Finance all brands, a brand manager their own.
/// </summary>
public class Recipients(CampaignDbContext db, EmailSettings settings, TimeProvider clock)
{
    public async Task<IReadOnlyList<Recipient>> AllAsync(CancellationToken ct) => await ReadAsync(null, ct);

    public async Task<Recipient?> FindAsync(string userId, CancellationToken ct) => (await ReadAsync(userId, ct)).SingleOrDefault();

    /// <summary>The stored choices, or the defaults (not stored until the user saves them).</summary>
    public async Task<NotificationPreference> PreferenceAsync(string userId, CancellationToken ct) =>
        await db.NotificationPreferences.SingleOrDefaultAsync(p => p.UserId == userId, ct) ?? Default(userId);

    /// <summary>Changes the user's stored choices and marks, storing the defaults first when there are none.</summary>
    public async Task ChangeAsync(string userId, Action<NotificationPreference> change, CancellationToken ct)
    {
        var stored = await db.NotificationPreferences.SingleOrDefaultAsync(p => p.UserId == userId, ct);
        if (stored is null) db.NotificationPreferences.Add(stored = Default(userId));
        change(stored);
        await db.SaveChangesAsync(ct);
    }

    public NotificationPreference Default(string userId) => new() { UserId = userId, TimeZone = settings.DefaultTimeZone };

    async Task<IReadOnlyList<Recipient>> ReadAsync(string? userId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Locked-out users get nothing; SQLite cannot compare the DateTimeOffset, so that part is read here.
        var users = (await db.Users.AsNoTracking().Where(u => (userId == null || u.Id == userId) && u.Email != null)
            .Select(u => new { u.Id, u.Email, u.LockoutEnd }).ToListAsync(ct)).Where(u => u.LockoutEnd is null || u.LockoutEnd < now).ToList();
        var ids = users.Select(u => u.Id).ToList();
        var roles = await db.UserRoles.Where(ur => EF.Parameter(ids).Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var brands = await db.UserBrands.Where(ub => EF.Parameter(ids).Contains(ub.UserId))
            .Select(ub => new { ub.UserId, ub.BrandId, ub.Brand!.Name }).ToListAsync(ct);
        var preferences = await db.NotificationPreferences.Where(p => EF.Parameter(ids).Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, ct);

        var recipients = new List<Recipient>();
        foreach (var user in users.OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase))
        {
            var theirs = roles.Where(r => r.UserId == user.Id).Select(r => r.Name).ToHashSet();
            var preference = preferences.GetValueOrDefault(user.Id) ?? Default(user.Id);
            if (theirs.Contains(Roles.Admin) || theirs.Contains(Roles.Finance))
                recipients.Add(new(user.Id, user.Email!, BrandScope.All, [], preference));
            else if (theirs.Contains(Roles.BrandManager))
            {
                var own = brands.Where(b => b.UserId == user.Id).OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToList();
                recipients.Add(new(user.Id, user.Email!, new BrandScope(own.Select(b => b.BrandId).ToList()), own.Select(b => b.Name).ToList(), preference));
            }
        }
        return recipients;
    }
}

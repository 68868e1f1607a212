using System.Security.Claims;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// The brands a user may see: every read query takes one, so a forgotten scope does not compile.
/// Admins and Finance see all; a brand manager sees their assigned brands; anyone else sees nothing (deny by default).
/// </summary>
public sealed record BrandScope(IReadOnlyList<int>? BrandIds)
{
    public static readonly BrandScope All = new((IReadOnlyList<int>?)null);

    public bool IsAll => BrandIds is null;

    /// <summary>The scope as text, for cache keys.</summary>
    public string Key => BrandIds is null ? "all" : "brands:" + string.Join(",", BrandIds.Order());

    public static async Task<BrandScope> ForUserAsync(ClaimsPrincipal user, CampaignDbContext db, CancellationToken ct)
    {
        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Finance)) return All;
        if (!user.IsInRole(Roles.BrandManager)) return new BrandScope([]);
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
        var brandIds = await db.UserBrands.Where(ub => ub.UserId == userId).Select(ub => ub.BrandId).ToListAsync(ct);
        return new BrandScope(brandIds);
    }
}

using System.Security.Claims;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CampaignTracker.Web.Security;

/// <summary>
/// A password an admin chose is good for one sign-in: the cookie carries a claim until the user sets
/// their own, and until then every page sends them to /Account/Password (JSON answers 403).
/// </summary>
public class OneTimePasswordClaims(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    public const string ClaimType = "campaigntracker:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) identity.AddClaim(new Claim(ClaimType, "true"));
        return identity;
    }

    public static Task RedirectUntilChanged(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!context.User.HasClaim(c => c.Type == ClaimType) || path.StartsWithSegments("/Account") || path.StartsWithSegments("/Error") || path.StartsWithSegments("/lib")
            || path.StartsWithSegments("/css") || path.StartsWithSegments("/js") || path.StartsWithSegments("/favicon.svg"))
            return next(context);
        if (path.StartsWithSegments("/api")) context.Response.StatusCode = StatusCodes.Status403Forbidden;
        else context.Response.Redirect("/Account/Password");
        return Task.CompletedTask;
    }
}

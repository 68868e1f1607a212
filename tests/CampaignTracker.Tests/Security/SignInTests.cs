using System.Diagnostics;
using System.Net;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Security;

[Collection(AppCollection.Name)]
public class SignInTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    static async Task<string> FailedSignInPageAsync(HttpClient client, string email, string password)
    {
        var response = await AppFactory.PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);   // the form again, not a redirect
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sign-in POST alone, timed (the form's GET is not).</summary>
    static async Task<(string Page, TimeSpan Took)> TimedFailedSignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/Account/Login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var watch = Stopwatch.StartNew();
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        var page = await response.Content.ReadAsStringAsync();
        var took = watch.Elapsed;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (page, took);
    }

    static string Message(string page) =>
        System.Text.RegularExpressions.Regex.Match(page, "<div class=\"text-danger validation-summary-errors\"[^>]*>(.*?)</div>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_for_15_minutes_even_against_the_right_password()
    {
        const string email = "lockout@test.local";
        await app.BrandManagerAsync(email, SecurityApp.BrandA);
        var client = app.Client();
        for (var i = 1; i <= 5; i++) await FailedSignInPageAsync(client, email, "Wrong-password-" + i);

        var page = await FailedSignInPageAsync(client, email, AppFactory.AdminPassword);   // the right one, too late
        Assert.Contains(PasswordSignIn.Failure, page);
        var lockedUntil = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Users.AsNoTracking().Single(u => u.Email == email).LockoutEnd);
        Assert.NotNull(lockedUntil);
        Assert.InRange(lockedUntil!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task Four_failures_then_the_right_password_still_signs_in()
    {
        const string email = "four-failures@test.local";
        await app.BrandManagerAsync(email, SecurityApp.BrandA);
        var client = app.Client();
        for (var i = 1; i <= 4; i++) await FailedSignInPageAsync(client, email, "Wrong-password-" + i);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostLoginAsync(client, email, AppFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Unknown_email_wrong_password_and_locked_account_look_the_same_and_take_similar_time()
    {
        const string known = "enumeration@test.local";
        await app.BrandManagerAsync(known, SecurityApp.BrandA);
        var client = app.Client();
        await FailedSignInPageAsync(client, "warm-up@test.local", "Wrong-password-0");

        // Four wrong passwords stay below the lockout; the unknown e-mail is tried as often.
        var wrong = new List<TimeSpan>();
        var unknown = new List<TimeSpan>();
        string? wrongMessage = null, unknownMessage = null;
        for (var i = 0; i < 4; i++)
        {
            var (page, took) = await TimedFailedSignInAsync(client, known, "Wrong-password-" + i);
            wrongMessage = Message(page);
            wrong.Add(took);
            (page, took) = await TimedFailedSignInAsync(client, $"nobody-{i}@test.local", "Wrong-password-" + i);
            unknownMessage = Message(page);
            unknown.Add(took);
        }
        Assert.Contains(PasswordSignIn.Failure, wrongMessage);
        Assert.Equal(wrongMessage, unknownMessage);

        // Without the decoy hash an unknown e-mail answers in a few ms against ~tens of ms for a real check.
        var (w, u) = (Median(wrong), Median(unknown));
        Assert.True(u > w * 0.5 && u < w * 2, $"median wrong password {w.TotalMilliseconds:F0} ms, unknown e-mail {u.TotalMilliseconds:F0} ms; " +
            $"all: {string.Join(", ", wrong.Select(t => (int)t.TotalMilliseconds))} / {string.Join(", ", unknown.Select(t => (int)t.TotalMilliseconds))}");
    }

    [Fact]
    public async Task Sign_ins_are_audited_and_the_last_sign_in_is_kept()
    {
        // The address is checked on Kestrel (browser test): the test server has none.
        const string email = "audited@test.local";
        await app.BrandManagerAsync(email, SecurityApp.BrandA);   // signs in once
        await FailedSignInPageAsync(app.Client(), email, "Wrong-password-9");

        var entries = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking().Where(e => e.Subject == email).ToList());
        Assert.Contains(entries, e => e.Action == AuditActions.SignIn && e.Actor == email);
        Assert.Contains(entries, e => e.Action == AuditActions.SignInFailed && e.Details == "wrong password");
        var user = app.Using(sp => sp.GetRequiredService<UserManager<AppUser>>().Users.AsNoTracking().Single(u => u.Email == email));
        Assert.InRange(user.LastSignInAt!.Value, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow);
    }

    [Theory]
    [InlineData("Short-Pas1!", "at least 12")]
    [InlineData("Password123!", "common passwords")]
    [InlineData("policy-check@test.local", "e-mail")]
    [InlineData("Policy-check-99", "e-mail")]
    public async Task Weak_passwords_are_refused_with_the_reason(string password, string reason)
    {
        var errors = await app.Using(async sp =>
        {
            var user = new AppUser { UserName = "policy-check@test.local", Email = "policy-check@test.local" };
            var result = await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, password);
            return string.Join(" ", result.Errors.Select(e => e.Description));
        });
        Assert.Contains(reason, errors, StringComparison.OrdinalIgnoreCase);
    }

    static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt((times.Count - 1) / 2);
}

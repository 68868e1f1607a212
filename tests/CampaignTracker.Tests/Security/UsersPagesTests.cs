using System.Net;
using System.Text.RegularExpressions;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Security;

[Collection(AppCollection.Name)]
public class UsersPagesTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields) =>
        SessionTests.PostFormAsync(client, url, fields);

    static FormUrlEncodedContent Form(params (string, string)[] fields) => new(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));

    [Fact]
    public async Task An_admin_adds_a_brand_manager_with_a_one_time_password_that_must_be_changed_at_the_first_sign_in()
    {
        var admin = await app.AdminAsync();
        var created = await PostAsync(admin, "/Users/Create", new()
        {
            ["Input.Email"] = "new-bm@test.local", ["Input.Role"] = "BrandManager", ["Input.Brands"] = SecurityApp.BrandB, ["Input.Password"] = "One-time-secret-42",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var list = await admin.GetStringAsync("/Users");
        Assert.Matches("<td>new-bm@test.local</td>\\s*<td>BrandManager</td>\\s*<td>HKVitals</td>\\s*<td>never</td>\\s*<td>active</td>", list);

        var user = app.Client();
        var signIn = await AppFactory.PostLoginAsync(user, "new-bm@test.local", "One-time-secret-42");
        Assert.Equal("/Account/Password", signIn.Headers.Location!.OriginalString);
        Assert.Equal("/Account/Password", (await user.GetAsync("/")).Headers.Location!.OriginalString);   // nothing else until changed
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/api/kpis")).StatusCode);

        var changed = await PostAsync(user, "/Account/Password", new()
        {
            ["Input.Current"] = "One-time-secret-42", ["Input.New"] = "My-own-choice-2026", ["Input.Repeat"] = "My-own-choice-2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/")).StatusCode);
        Assert.Contains(app.Using(sp => sp.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking().ToList()),
            e => e is { Action: AuditActions.UserCreated, Actor: AppFactory.AdminEmail, Subject: "new-bm@test.local" });
    }

    [Fact]
    public async Task An_admin_adds_a_Finance_user_without_brands_and_Finance_with_brands_is_refused()
    {
        var admin = await app.AdminAsync();
        Assert.Contains("<option value=\"Finance\">Finance</option>", await admin.GetStringAsync("/Users/Create"));

        var withBrands = await PostAsync(admin, "/Users/Create", new()
        {
            ["Input.Email"] = "finance-brands@test.local", ["Input.Role"] = "Finance", ["Input.Brands"] = SecurityApp.BrandA, ["Input.Password"] = "One-time-secret-43",
        });
        Assert.Equal(HttpStatusCode.OK, withBrands.StatusCode);
        Assert.Contains("Finance sees every brand: leave the brands empty.", await withBrands.Content.ReadAsStringAsync());

        var created = await PostAsync(admin, "/Users/Create", new()
        {
            ["Input.Email"] = "new-finance@test.local", ["Input.Role"] = "Finance", ["Input.Password"] = "One-time-secret-43",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Matches("<td>new-finance@test.local</td>\\s*<td>Finance</td>\\s*<td>all</td>", await admin.GetStringAsync("/Users"));
        Assert.Matches("<option value=\"Finance\" selected=\"selected\">Finance</option>", await admin.GetStringAsync(created.Headers.Location!.OriginalString));
    }

    [Fact]
    public async Task Without_a_password_the_admin_sees_a_set_password_link_once_and_it_works_once()
    {
        var admin = await app.AdminAsync();
        var created = await PostAsync(admin, "/Users/Create", new()
        {
            ["Input.Email"] = "linked@test.local", ["Input.Role"] = "BrandManager", ["Input.Brands"] = SecurityApp.BrandA,
        });
        var editUrl = created.Headers.Location!.OriginalString;
        var page = await admin.GetStringAsync(editUrl);
        var link = WebUtility.HtmlDecode(Regex.Match(page, "(http://[^ <]+/Account/SetPassword\\?[^ <]+)").Groups[1].Value);
        Assert.NotEmpty(link);
        Assert.DoesNotContain("SetPassword?", await admin.GetStringAsync(editUrl));   // shown only once

        var user = app.Client();
        var query = new Uri(link).Query;
        var set = await SetPasswordAsync(user, query, "Linked-user-choice-1");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostLoginAsync(app.Client(), "linked@test.local", "Linked-user-choice-1")).StatusCode);

        var again = await SetPasswordAsync(app.Client(), query, "Linked-user-other-2");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("This link is not valid any more", await again.Content.ReadAsStringAsync());
    }

    static async Task<HttpResponseMessage> SetPasswordAsync(HttpClient client, string query, string password)
    {
        var form = await client.GetStringAsync("/Account/SetPassword" + query);
        string Field(string name) => WebUtility.HtmlDecode(Regex.Match(form, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"").Groups[1].Value);
        return await client.PostAsync("/Account/SetPassword", Form(("user", Field("user")), ("Token", Field("Token")),
            ("Input.New", password), ("Input.Repeat", password), ("__RequestVerificationToken", Field("__RequestVerificationToken"))));
    }

    [Fact]
    public async Task Bad_input_gets_specific_messages()
    {
        var admin = await app.AdminAsync();
        var response = await PostAsync(admin, "/Users/Create", new()
        {
            ["Input.Email"] = AppFactory.AdminEmail, ["Input.Role"] = "BrandManager", ["Input.Brands"] = "Nestle", ["Input.Password"] = "Password123!",
        });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Unknown brand 'Nestle': the brands are HKVitals, MuscleBlaze.", page);
        Assert.Contains($"A user with the e-mail {AppFactory.AdminEmail} already exists.", page);

        var noBrand = await PostAsync(admin, "/Users/Create", new() { ["Input.Email"] = "nobrand@test.local", ["Input.Role"] = "BrandManager" });
        Assert.Contains("A brand manager needs at least one brand.", await noBrand.Content.ReadAsStringAsync());
        var weak = await PostAsync(admin, "/Users/Create", new()
        {
            ["Input.Email"] = "weak@test.local", ["Input.Role"] = "BrandManager", ["Input.Brands"] = SecurityApp.BrandA, ["Input.Password"] = "Password123!",
        });
        Assert.Contains("This password is on the list of common passwords", await weak.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_last_admin_cannot_be_removed_demoted_or_locked()
    {
        var admin = await app.AdminAsync();
        var id = app.UserId(AppFactory.AdminEmail);
        foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
                 {
                     ("Remove", new()), ("Lock", new()), ("", new() { ["Input.Role"] = "BrandManager", ["Input.Brands"] = SecurityApp.BrandA }),
                 })
        {
            var response = await PostAsync(admin, $"/Users/Edit/{id}" + (handler == "" ? "" : "?handler=" + handler), fields);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"{AppFactory.AdminEmail} is the last admin and cannot be", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Users")).StatusCode);   // still admin
    }

    [Fact]
    public async Task Removing_a_user_ends_their_session()
    {
        const string email = "to-remove@test.local";
        var session = await app.BrandManagerAsync(email, SecurityApp.BrandA);
        var admin = await app.AdminAsync();
        var removed = await PostAsync(admin, $"/Users/Edit/{app.UserId(email)}?handler=Remove", new());
        Assert.Equal("/Users", removed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/kpis")).StatusCode);
        Assert.Contains($"{email} was removed.", await admin.GetStringAsync("/Users"));
    }

    [Fact]
    public async Task The_audit_page_lists_user_changes_and_filters_them()
    {
        var admin = await app.AdminAsync();
        await PostAsync(admin, "/Users/Create", new()
        {
            ["Input.Email"] = "audit-me@test.local", ["Input.Role"] = "BrandManager", ["Input.Brands"] = SecurityApp.BrandA, ["Input.Password"] = "Audit-me-password-3",
        });
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync("/Audit?type=UserCreated&q=audit-me"));
        Assert.Contains("audit-me@test.local", page);
        Assert.Contains("role BrandManager; brands MuscleBlaze; one-time password", page);
        Assert.DoesNotContain("<td>SignIn</td>", page);
        Assert.Contains("<td>SignIn</td>", await admin.GetStringAsync("/Audit?type=SignIn"));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/Audit?from=yesterday")).StatusCode);
    }
}

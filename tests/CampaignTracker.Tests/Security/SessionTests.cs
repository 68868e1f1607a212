using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Security;

/// <summary>Rights taken away take effect on the user's sessions: brands at the next request, passwords and locks through the security stamp.</summary>
[Collection(AppCollection.Name)]
public class SessionTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    static async Task<decimal> RevenueAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/kpis")).GetProperty("revenue").GetDecimal();

    [Fact]
    public async Task A_user_removed_from_brand_A_loses_its_data_at_the_next_request()
    {
        const string email = "two-brands@test.local";
        var manager = await app.BrandManagerAsync(email, SecurityApp.BrandA, SecurityApp.BrandB);
        Assert.Equal(2_300m, await RevenueAsync(manager));                 // all four hand-made tracking rows
        Assert.Contains("Whey Protein", await manager.GetStringAsync("/"));

        var errors = await app.Using(sp => sp.GetRequiredService<UserAccounts>().ChangeAsync(app.UserId(email), Roles.BrandManager, [SecurityApp.BrandB], default));
        Assert.Empty(errors);

        Assert.Equal(700m, await RevenueAsync(manager));                   // HKVitals only: 300 + 400
        var page = await manager.GetStringAsync("/");
        Assert.DoesNotContain("Whey Protein", page);
        Assert.DoesNotContain(SecurityApp.BrandA, page);
    }

    [Fact]
    public async Task Changing_the_password_signs_out_every_other_session_and_keeps_this_one()
    {
        const string email = "password-change@test.local";
        var laptop = await app.BrandManagerAsync(email, SecurityApp.BrandA);
        var phone = await app.SignedInAsync(email, AppFactory.AdminPassword);

        var response = await PostFormAsync(laptop, "/Account/Password", new()
        {
            ["Input.Current"] = AppFactory.AdminPassword, ["Input.New"] = "Fresh-horse-battery-7", ["Input.Repeat"] = "Fresh-horse-battery-7",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostLoginAsync(app.Client(), email, "Fresh-horse-battery-7")).StatusCode);
    }

    [Fact]
    public async Task A_locked_user_is_signed_out_and_cannot_sign_in()
    {
        const string email = "to-lock@test.local";
        var session = await app.BrandManagerAsync(email, SecurityApp.BrandA);
        Assert.Empty(await app.Using(sp => sp.GetRequiredService<UserAccounts>().LockAsync(app.UserId(email), default)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AppFactory.PostLoginAsync(app.Client(), email, AppFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task A_brand_manager_made_admin_or_demoted_gets_the_new_rights_at_the_next_request()
    {
        const string email = "promoted@test.local";
        var session = await app.BrandManagerAsync(email, SecurityApp.BrandA);
        Assert.Equal(HttpStatusCode.Forbidden, (await session.GetAsync("/Users")).StatusCode);
        Assert.Empty(await app.Using(sp => sp.GetRequiredService<UserAccounts>().ChangeAsync(app.UserId(email), Roles.Admin, [], default)));

        // The role sits in the cookie: the changed security stamp ends the session, the next sign-in carries the new role.
        Assert.Equal(HttpStatusCode.Redirect, (await session.GetAsync("/Users")).StatusCode);
        var again = await app.SignedInAsync(email, AppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/Users")).StatusCode);
    }

    internal static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string tokenPage = "/Account/Password")
    {
        var form = await client.GetStringAsync(tokenPage);
        fields["__RequestVerificationToken"] = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }
}

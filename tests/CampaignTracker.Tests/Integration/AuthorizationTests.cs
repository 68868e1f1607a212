using System.Net;

namespace CampaignTracker.Tests.Integration;

[Collection(AppCollection.Name)]
public class AuthorizationTests : IClassFixture<AppFactory>
{
    readonly AppFactory app;

    public AuthorizationTests(AppFactory app) => this.app = app;

    [Theory]
    [InlineData("/")]
    [InlineData("/Index")]
    [InlineData("/hangfire")]
    public async Task Anonymous_requests_for_pages_are_sent_to_login(string url)
    {
        var response = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Anonymous_requests_for_the_api_get_401_not_a_redirect()
    {
        var response = await app.Client().GetAsync("/api/kpis");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_page_and_health_check_are_open_to_anonymous_users()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.StartsWith("{\"status\":\"Healthy\",", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_brand_manager_cannot_open_the_hangfire_dashboard()
    {
        var client = await app.BrandManagerAsync("bm-hangfire@test.local", "MuscleBlaze");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task An_admin_opens_the_hangfire_dashboard()
    {
        var client = await app.AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_message()
    {
        var wrongPassword = await LoginPageAfterFailedSignIn(AppFactory.AdminEmail, "not-the-password-123");
        var unknownUser = await LoginPageAfterFailedSignIn("nobody@test.local", "not-the-password-123");
        Assert.Contains("The e-mail or password is not correct.", wrongPassword);
        Assert.Contains("The e-mail or password is not correct.", unknownUser);
    }

    [Fact]
    public async Task Sign_in_without_the_antiforgery_token_is_refused()
    {
        var response = await app.Client().PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = AppFactory.AdminEmail, ["Input.Password"] = AppFactory.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    async Task<string> LoginPageAfterFailedSignIn(string email, string password)
    {
        var response = await AppFactory.PostLoginAsync(app.Client(), email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

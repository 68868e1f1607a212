using System.Net;
using System.Text.RegularExpressions;
using CampaignTracker.Tests.Integration;
using Microsoft.Data.Sqlite;

namespace CampaignTracker.Tests.Security;

/// <summary>
/// Issue 13: the configuration users deploy. The built app as a real process on Kestrel with
/// ASPNETCORE_ENVIRONMENT=Production, asked over plain HTTP on loopback as a container's port or a proxy asks it.
/// </summary>
public sealed class HttpsTests : IDisposable
{
    static readonly Regex Listening = new(@"CampaignTracker is running: browse to (\S+)/ ");
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    const string RequireHttpsWarning = "Security:RequireHttps is false";

    readonly string folder = Path.Combine(Path.GetTempPath(), "ct-https-" + Guid.NewGuid().ToString("N"));
    readonly string password = $"Https-{Guid.NewGuid():N}-X9!";
    readonly List<AppProcess> started = [];
    readonly HttpClient http = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Plain_http_gets_a_400_page_that_names_the_ways_out_never_a_500()
    {
        var (app, baseUrl) = await StartAsync([]);

        foreach (var request in new[] { Get(baseUrl + "/Account/Login"), Get(baseUrl + "/"), LoginPost(baseUrl, "x", "", "") })
        {
            var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode}\n{body}\n{app.Output}");
            Assert.Contains("This server requires HTTPS", body);
            Assert.Contains("X-Forwarded-Proto", body);
            Assert.Contains("Security:RequireHttps=false", body);
            Assert.DoesNotContain("Exception", body);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(baseUrl + "/healthz")).StatusCode);   // probes ask the app's own port
        Assert.DoesNotContain("Exception", app.Output);
        Assert.DoesNotContain(RequireHttpsWarning, app.Output);
    }

    [Fact]
    public async Task Https_forwarded_by_a_loopback_proxy_signs_in_with_secure_cookies_hsts_and_the_client_address_audited()
    {
        var (_, baseUrl) = await StartAsync([]);
        // What nginx sends for a browser at 203.0.113.7 that asked https://campaigntracker.example/ (not localhost: HSTS is never sent to it).
        void Proxied(HttpRequestMessage r)
        {
            r.Headers.Add("X-Forwarded-Proto", "https");
            r.Headers.Add("X-Forwarded-For", "203.0.113.7");
            r.Headers.Add("X-Forwarded-Host", "campaigntracker.example");
        }

        var (form, signIn) = await SignInAsync(baseUrl, Proxied);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        foreach (var cookie in new[] { Cookie(form, "CampaignTracker.Antiforgery"), Cookie(signIn, "CampaignTracker.Auth") })
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("max-age=", signIn.Headers.GetValues("Strict-Transport-Security").Single());

        var home = Get(baseUrl + "/");
        Proxied(home);
        home.Headers.Add("Cookie", NameAndValue(Cookie(signIn, "CampaignTracker.Auth")));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(home)).StatusCode);
        Assert.Equal("203.0.113.7", LastSignInAddress());
    }

    [Fact]
    public async Task Without_required_https_sign_in_works_over_plain_http_with_cookies_that_are_not_secure()
    {
        var (app, baseUrl) = await StartAsync(new() { ["Security__RequireHttps"] = "false" });

        var (form, signIn) = await SignInAsync(baseUrl, _ => { });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = Cookie(signIn, "CampaignTracker.Auth");
        foreach (var cookie in new[] { Cookie(form, "CampaignTracker.Antiforgery"), auth })
            Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.False(signIn.Headers.Contains("Strict-Transport-Security"));

        var home = Get(baseUrl + "/");
        home.Headers.Add("Cookie", NameAndValue(auth));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(home)).StatusCode);
        Assert.Single(Regex.Matches(app.Output, Regex.Escape(RequireHttpsWarning)));   // logged once, at start-up
        Assert.Equal("127.0.0.1", LastSignInAddress());
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_address_are_ignored_and_a_known_https_port_gets_a_redirect()
    {
        var (_, baseUrl) = await StartAsync(new() { ["ForwardedHeaders__KnownProxies"] = "10.9.8.7", ["HttpsRedirection__HttpsPort"] = "8443" });

        var request = Get(baseUrl + "/Account/Login?returnUrl=%2FPosts");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"https://127.0.0.1:8443/Account/Login?returnUrl=%2FPosts", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    async Task<(AppProcess App, string BaseUrl)> StartAsync(Dictionary<string, string> settings)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__DataDirectory"] = folder,
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__CampaignTracker"] = "",
            ["Demo__SeedOnFirstRun"] = "false",
            ["Jobs__RunServer"] = "false",
            ["Bootstrap__AdminEmail"] = AppFactory.AdminEmail,
            ["Bootstrap__AdminPassword"] = password,
        };
        foreach (var (key, value) in settings) environment[key] = value;
        var app = AppProcess.Start(environment, "--urls", "http://127.0.0.1:0");
        started.Add(app);
        return (app, (await app.WaitForLineAsync(Listening, Patience)).Groups[1].Value);
    }

    /// <summary>The login form, then its post with the form's antiforgery cookie and token, each request dressed by <paramref name="dress"/>.</summary>
    async Task<(HttpResponseMessage Form, HttpResponseMessage SignIn)> SignInAsync(string baseUrl, Action<HttpRequestMessage> dress)
    {
        var get = Get(baseUrl + "/Account/Login");
        dress(get);
        var form = await http.SendAsync(get);
        var html = await form.Content.ReadAsStringAsync();
        Assert.True(form.StatusCode == HttpStatusCode.OK, $"login form: {(int)form.StatusCode}\n{html}");
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var post = LoginPost(baseUrl, token, AppFactory.AdminEmail, password);
        post.Headers.Add("Cookie", NameAndValue(Cookie(form, "CampaignTracker.Antiforgery")));
        dress(post);
        return (form, await http.SendAsync(post));
    }

    static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    static HttpRequestMessage LoginPost(string baseUrl, string token, string email, string password) =>
        new(HttpMethod.Post, baseUrl + "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
            }),
        };

    static string Cookie(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.FirstOrDefault(c => c.StartsWith(name + "=")) is { } cookie
            ? cookie
            : throw new Xunit.Sdk.XunitException($"no {name} cookie in the {(int)response.StatusCode} response to {response.RequestMessage?.RequestUri}");

    static string NameAndValue(string setCookie) => setCookie.Split(';')[0];

    string? LastSignInAddress()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "campaigntracker.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Ip FROM AuditEntries WHERE Action = 'SignIn' ORDER BY Id DESC LIMIT 1";
        return command.ExecuteScalar() as string;
    }

    public void Dispose()
    {
        foreach (var app in started) app.Dispose();
        http.Dispose();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}

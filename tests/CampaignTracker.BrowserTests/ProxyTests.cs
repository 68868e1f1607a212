using System.Text.RegularExpressions;
using CampaignTracker.Tests.Integration;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace CampaignTracker.BrowserTests;

/// <summary>
/// Issue 13: the configuration users deploy. The Release build (tests/run.sh publishes it to artifacts/release) started
/// with ASPNETCORE_ENVIRONMENT=Production on Kestrel, signed into by Chromium through Debian's nginx as the
/// TLS-terminating proxy of docker/compose.yaml, and over plain HTTP with Security:RequireHttps=false.
/// </summary>
public sealed class ProxyTests : IAsyncLifetime
{
    static readonly Regex Listening = new(@"CampaignTracker is running: browse to (\S+)/ ");
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    const string AdminEmail = "admin@proxy.test";

    readonly string folder = Directory.CreateTempSubdirectory("ct-proxy-").FullName;
    readonly string password = $"Proxy-{Guid.NewGuid():N}-X9!";
    readonly List<IDisposable> started = [];
    IPlaywright playwright = null!;
    IBrowser browser = null!;

    public async Task InitializeAsync()
    {
        playwright = await Playwright.CreateAsync();
        browser = await Browsers.LaunchAsync(playwright);
    }

    [Fact]
    public async Task A_release_build_in_production_is_signed_into_through_nginx_over_https_with_secure_cookies_and_the_client_address_audited()
    {
        var certificates = Path.Combine(folder, "certs");
        using (var cert = ReleaseApp(new(), "tls-cert", "--out", certificates))
            Assert.True(await cert.ExitCodeAsync(Patience) == 0, cert.Output);
        var app = ReleaseApp(new(), "--urls", "http://127.0.0.1:0");
        var appUrl = new Uri((await app.WaitForLineAsync(Listening, Patience)).Groups[1].Value);
        var proxy = await NginxProxy.StartAsync($"127.0.0.1:{appUrl.Port}", Path.Combine(certificates, "tls.crt"), Path.Combine(certificates, "tls.key"));
        started.Add(proxy);
        var site = $"https://127.0.0.1:{proxy.HttpsPort}";

        await using var context = await browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });   // the certificate is self-signed
        var page = await context.NewPageAsync();
        // The proxy's plain-HTTP port sends the browser to HTTPS, and the app's own redirect to sign in stays on the
        // proxy's https:// address: it read the scheme and host that nginx forwarded.
        await page.GotoAsync($"http://127.0.0.1:{proxy.HttpPort}/");
        Assert.StartsWith($"{site}/Account/Login", page.Url);
        await page.GetByLabel("E-mail").FillAsync(AdminEmail);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(site + "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await Browsers.ScreenshotAsync(page, "proxy-signed-in.png");

        var cookies = await context.CookiesAsync([site]);
        var auth = Assert.Single(cookies, c => c.Name == "CampaignTracker.Auth");
        Assert.True(auth.Secure, "the sign-in cookie is not Secure behind the TLS proxy");
        Assert.True(auth.HttpOnly);
        Assert.True(Assert.Single(cookies, c => c.Name == "CampaignTracker.Antiforgery").Secure);

        // nginx reached the app from 127.0.0.3 (proxy_bind); the browser, and so X-Forwarded-For, is 127.0.0.1.
        Assert.Equal("127.0.0.1", LastSignInAddress());
        Assert.DoesNotContain("[crit]", proxy.ErrorLog);
        Assert.DoesNotContain("Exception", app.Output);
    }

    [Fact]
    public async Task A_release_build_in_production_without_required_https_is_signed_into_over_plain_http()
    {
        var app = ReleaseApp(new() { ["Security__RequireHttps"] = "false" }, "--urls", "http://127.0.0.1:0");
        var site = (await app.WaitForLineAsync(Listening, Patience)).Groups[1].Value;

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(site + "/");
        Assert.StartsWith($"{site}/Account/Login", page.Url);
        await page.GetByLabel("E-mail").FillAsync(AdminEmail);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(site + "/");

        var auth = Assert.Single(await context.CookiesAsync([site]), c => c.Name == "CampaignTracker.Auth");
        Assert.False(auth.Secure);
        Assert.Contains("Security:RequireHttps is false", app.Output);
        Assert.Equal("127.0.0.1", LastSignInAddress());
    }

    /// <summary>The published Release build as a process in Production, on its own SQLite file, with a known admin.</summary>
    AppProcess ReleaseApp(Dictionary<string, string> settings, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__DataDirectory"] = Path.Combine(folder, "data"),
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__CampaignTracker"] = "",
            ["Demo__SeedOnFirstRun"] = "false",
            ["Bootstrap__AdminEmail"] = AdminEmail,
            ["Bootstrap__AdminPassword"] = password,
        };
        foreach (var (key, value) in settings) environment[key] = value;
        var app = AppProcess.StartIn(ReleaseBuild.Folder, environment, args);
        started.Add(app);
        return app;
    }

    string? LastSignInAddress()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "data", "campaigntracker.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Ip FROM AuditEntries WHERE Action = 'SignIn' ORDER BY Id DESC LIMIT 1";
        return command.ExecuteScalar() as string;
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
        foreach (var process in started) process.Dispose();
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Where tests/run.sh publishes the Release build: artifacts/release, or CAMPAIGNTRACKER_RELEASE_DIR.</summary>
public static class ReleaseBuild
{
    public static string Folder
    {
        get
        {
            var folder = Environment.GetEnvironmentVariable("CAMPAIGNTRACKER_RELEASE_DIR") is { Length: > 0 } dir
                ? dir
                : Path.Combine(Repository.Root, "artifacts", "release");
            Assert.True(File.Exists(Path.Combine(folder, "CampaignTracker.Web.dll")),
                $"no Release build in {folder}: tests/run.sh publishes it (dotnet publish src/CampaignTracker.Web -c Release -o artifacts/release -p:UseAppHost=false)");
            return folder;
        }
    }
}

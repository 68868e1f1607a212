using System.Net;
using System.Text.RegularExpressions;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

/// <summary>Hangfire keeps process-wide state: every test class that starts the app joins this collection.</summary>
[CollectionDefinition(Name)]
public class AppCollection
{
    public const string Name = "app";
}

/// <summary>The real app on a fresh SQLite file in its own temp folder, with a known admin.</summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Test-admin-password-1";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ct-tests-" + Guid.NewGuid().ToString("N"));

    public bool SeedDemo { get; init; }
    public bool RunJobs { get; init; }

    /// <summary>More configuration for this app, e.g. smaller ingestion limits.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Demo:SeedOnFirstRun", SeedDemo ? "true" : "false");
        builder.UseSetting("Jobs:RunServer", RunJobs ? "true" : "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    public HttpClient Client() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Posts the login form as a browser would: with the antiforgery token of the page.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var token = TokenIn(await client.GetStringAsync("/Account/Login"));
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>The antiforgery token of a page's form, to post it as the browser does.</summary>
    public static string TokenIn(string html) => Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    public async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = Client();
        var response = await PostLoginAsync(client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in as {email} failed: {response.StatusCode}");
        return client;
    }

    public Task<HttpClient> AdminAsync() => SignedInAsync(AdminEmail, AdminPassword);

    /// <summary>Creates a brand manager assigned to the named brands (created if missing).</summary>
    public async Task<HttpClient> BrandManagerAsync(string email, params string[] brands)
    {
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, AdminPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.BrandManager)).Succeeded);
            foreach (var name in brands)
            {
                var brand = db.Brands.SingleOrDefault(b => b.Name == name) ?? db.Brands.Add(new Brand { Name = name }).Entity;
                await db.SaveChangesAsync();
                db.UserBrands.Add(new UserBrand { UserId = user.Id, BrandId = brand.Id });
            }
            await db.SaveChangesAsync();
        }
        return await SignedInAsync(email, AdminPassword);
    }

    /// <summary>Creates a Finance user (no brands: Finance sees every brand) and signs them in.</summary>
    public async Task<HttpClient> FinanceAsync(string email)
    {
        using (var scope = Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, AdminPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Finance)).Succeeded);
        }
        return await SignedInAsync(email, AdminPassword);
    }

    public T Using<T>(Func<IServiceProvider, T> use)
    {
        using var scope = Services.CreateScope();
        return use(scope.ServiceProvider);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

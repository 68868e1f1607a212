using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.BrowserTests;

/// <summary>
/// The real app on Kestrel (a loopback port), first run on an empty SQLite file: it creates the
/// bootstrap admin and ingests the demo data through its Hangfire job, as `dotnet run` does.
/// </summary>
public sealed class BrowserApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@browser.test";
    public string AdminPassword { get; } = "Browser-" + Guid.NewGuid().ToString("N")[..12];
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "ct-browser-" + Guid.NewGuid().ToString("N"));
    public string BaseUrl { get; private set; } = "";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
    }

    public async Task InitializeAsync()
    {
        UseKestrel(0);
        StartServer();
        BaseUrl = ClientOptions.BaseAddress.ToString().TrimEnd('/');
        await WaitForDemoDataAsync(TimeSpan.FromSeconds(90));
    }

    async Task WaitForDemoDataAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var scope = Services.CreateScope();
            var upload = await scope.ServiceProvider.GetRequiredService<CampaignDbContext>().Uploads.AsNoTracking().FirstOrDefaultAsync();
            if (upload?.Status == UploadStatus.Succeeded) return;
            if (upload?.Status == UploadStatus.Failed) throw new InvalidOperationException("demo upload failed: " + upload.Report);
            await Task.Delay(250);
        }
        throw new TimeoutException($"the demo data was not ingested within {timeout.TotalSeconds} s");
    }

    /// <summary>Creates a brand manager of the named brands, as an admin would.</summary>
    public async Task<(string Email, string Password)> BrandManagerAsync(string email, params string[] brands)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var password = "Manager-" + Guid.NewGuid().ToString("N")[..12];
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        if (!(await users.CreateAsync(user, password)).Succeeded || !(await users.AddToRoleAsync(user, CampaignTracker.Web.Security.Roles.BrandManager)).Succeeded)
            throw new InvalidOperationException("could not create " + email);
        foreach (var brand in db.Brands.Where(b => brands.Contains(b.Name)).ToList())
            db.UserBrands.Add(new UserBrand { UserId = user.Id, BrandId = brand.Id });
        await db.SaveChangesAsync();
        return (email, password);
    }

    /// <summary>Creates a Finance user (every brand, no brands assigned), as an admin would.</summary>
    public async Task<(string Email, string Password)> FinanceAsync(string email)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var password = "Finance-" + Guid.NewGuid().ToString("N")[..12];
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        if (!(await users.CreateAsync(user, password)).Succeeded || !(await users.AddToRoleAsync(user, CampaignTracker.Web.Security.Roles.Finance)).Succeeded)
            throw new InvalidOperationException("could not create " + email);
        return (email, password);
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

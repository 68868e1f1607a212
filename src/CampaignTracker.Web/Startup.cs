using CampaignTracker.Web.Data;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Ingestion;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Hangfire;
using Hangfire.InMemory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web;

/// <summary>Service registration and start-up work, shared by the web server and the operator commands.</summary>
public static class Startup
{
    public static void AddCampaignTracker(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var paths = StoragePaths.From(config, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(paths.DataDirectory);
        services.AddSingleton(paths);
        services.AddSingleton(TimeProvider.System);

        var sqlServer = DatabaseProvider.IsSqlServer(config);
        var connectionString = config.GetConnectionString("CampaignTracker") is { Length: > 0 } cs
            ? cs
            : sqlServer
                ? throw new InvalidOperationException("Database:Provider is SqlServer: set ConnectionStrings:CampaignTracker.")
                : $"Data Source={Path.Combine(paths.DataDirectory, "campaigntracker.db")};Default Timeout=30";
        if (sqlServer)
        {
            services.AddDbContext<SqlServerCampaignDbContext>(o => o.UseSqlServer(connectionString));
            services.AddScoped<CampaignDbContext>(sp => sp.GetRequiredService<SqlServerCampaignDbContext>());
        }
        else
        {
            services.AddDbContext<SqliteCampaignDbContext>(o => o.UseSqlite(connectionString));
            services.AddScoped<CampaignDbContext>(sp => sp.GetRequiredService<SqliteCampaignDbContext>());
        }

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;   // and PasswordRules: not the e-mail, not a common password
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<CampaignDbContext>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordRules>()
            .AddClaimsPrincipalFactory<OneTimePasswordClaims>();
        // How soon a password change, lock, removal or role change ends the user's other sessions (security stamp).
        services.Configure<SecurityStampValidatorOptions>(o =>
            o.ValidationInterval = config.GetValue("Security:SessionCheckInterval", TimeSpan.FromMinutes(1)));
        // Keys in the database: every instance on it reads the same cookies (DESIGN.md, Scale-out).
        services.AddDataProtection().SetApplicationName("CampaignTracker").PersistKeysToDbContext<CampaignDbContext>();
        // Secure cookies when HTTPS is required (default outside Development); else they follow the request's scheme.
        var https = Https.From(config, builder.Environment);
        services.AddSingleton(https);
        var secure = https.CookiePolicy;
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o => Https.ConfigureForwardedHeaders(o, config));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "CampaignTracker.Antiforgery";
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/Account/Login";
            o.LogoutPath = "/Account/Logout";
            o.Cookie.Name = "CampaignTracker.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized, () => ctx.Response.Redirect(ctx.RedirectUri));
            // A signed-in user without the right gets a plain 403, rendered by the error page.
            o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden, () => ctx.Response.StatusCode = StatusCodes.Status403Forbidden);
        });
        // Every page names its policy here; a page named nowhere needs a signed-in user (fallback), and the
        // endpoint matrix test (AccessMatrixTests) fails until it is given an expectation.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Viewer, p => p.RequireRole(Roles.Admin, Roles.BrandManager, Roles.Finance))
            .AddPolicy(Policies.AlertAcknowledger, p => p.RequireRole(Roles.Admin, Roles.BrandManager));

        services.AddRazorPages(o =>
        {
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/SetPassword");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AuthorizePage("/Index", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Campaigns", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Influencers", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Posts", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Insights", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Payouts", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Payouts/Budgets", Policies.Admin);   // issue 15: admins set budgets; everyone sees them on the overview and payouts pages
            o.Conventions.AuthorizeFolder("/Alerts", Policies.Viewer);
            o.Conventions.AuthorizeFolder("/Uploads", Policies.Admin);
            o.Conventions.AuthorizeFolder("/Users", Policies.Admin);
            o.Conventions.AuthorizeFolder("/Audit", Policies.Admin);
            o.Conventions.AuthorizeFolder("/Settings", Policies.Admin);
            o.Conventions.AuthorizeFolder("/Mail", Policies.Admin);
            o.Conventions.AuthorizePage("/Account/Notifications", Policies.Viewer);
            o.Conventions.AllowAnonymousToPage("/Unsubscribe");   // the signed token is the permission (issue 16)
        });
        // Forms other than uploads are small; the uploads page raises its own limit from Ingestion:MaxFileBytes.
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = RequestLimits.FormBytes);
        services.AddHttpContextAccessor();
        // Names and ₹ appear as themselves in HTML rather than as numeric entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddHealthChecks().AddDbContextCheck<CampaignDbContext>("database").AddCheck<Health.HangfireServerCheck>("hangfire").AddCheck<Health.DataFolderCheck>("data-folder");

        // Hangfire (README, Background jobs): in-memory storage for the embedded default, SQL Server
        // storage with SQL Server. Either way the Upload table decides what was applied.
        services.AddHangfire(h =>
        {
            h.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (sqlServer) h.UseSqlServerStorage(connectionString);
            else h.UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromDays(1) });
        });
        if (config.GetValue("Jobs:RunServer", true))
            services.AddHangfireServer(o => { o.WorkerCount = 1; o.ServerName = Health.HangfireServerCheck.ServerName; });   // one upload at a time; the name finds it for /healthz

        services.AddSingleton(CampaignTracker.Web.Ingestion.Sources.IngestionLimits.From(config));
        services.AddSingleton<UploadProgress>();
        services.AddSingleton<UploadTimings>();
        services.AddScoped<BootstrapAdmin>();
        services.AddScoped<CampaignTracker.Web.Audit.AuditLog>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<UserAccounts>();
        services.AddScoped<UploadStore>();
        services.AddScoped<UploadApplier>();
        services.AddScoped<IngestUploadJob>();
        services.AddScoped<UploadRecovery>();
        services.AddScoped<SnapshotRefresher>();
        services.AddScoped<RefreshSnapshotsJob>();
        services.AddScoped<SettingsStore>();
        services.AddSingleton<SnapshotCache>();
        services.AddSingleton<PostSearch>();
        services.AddSingleton<CampaignTracker.Web.Alerts.InfluencerFlags>();
        services.AddScoped<Reports>();
        services.AddScoped<OverviewQuery>();
        services.AddScoped<CampaignsQuery>();
        services.AddScoped<InfluencersQuery>();
        services.AddScoped<InsightsQuery>();
        services.AddScoped<PostsQuery>();
        services.AddScoped<InfluencerDetailQuery>();
        services.AddScoped<CampaignDetailQuery>();
        services.AddScoped<PayoutsQuery>();
        services.AddScoped<Payouts.PayoutRunTransitions>();
        services.AddScoped<Payouts.PayoutRunsQuery>();
        services.AddScoped<Payouts.BudgetsQuery>();
        services.AddScoped<Alerts.AlertEvaluator>();
        services.AddScoped<Alerts.EvaluateAlertsJob>();
        services.AddScoped<Alerts.AlertsQuery>();
        services.AddSingleton<Alerts.AlertCounts>();
        services.AddScoped<Alerts.AlertBadge>();
        services.AddSingleton(CampaignTracker.Web.Exports.PdfFonts.From(config));
        services.AddScoped<CampaignTracker.Web.Exports.PdfReportExport>();
        services.AddSingleton(Mail.EmailSettings.Read(config));
        services.AddScoped<Mail.Outbox>();
        services.AddScoped<Mail.OutboxSender>();
        services.AddScoped<Mail.Recipients>();
        services.AddScoped<Mail.UnsubscribeLinks>();
        services.AddScoped<Mail.AlertMails>();
        services.AddScoped<Mail.Digests>();
        services.AddScoped<Mail.MailJob>();
    }

    static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx,
        int apiStatus, Action otherwise)
    {
        if (ctx.Request.Path.StartsWithSegments("/api")) ctx.Response.StatusCode = apiStatus;
        else otherwise();
        return Task.CompletedTask;
    }

    /// <summary>Migrations, SQLite's WAL mode, roles and the first admin: done before anything is served.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, TextWriter console)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // WAL: readers never wait for the ingestion writer (TECH-NOTES, SQLite).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        await scope.ServiceProvider.GetRequiredService<BootstrapAdmin>().EnsureAsync(console);
    }

    /// <summary>Requeues interrupted uploads and, on an empty database, uploads the demo data.</summary>
    public static async Task StartBackgroundWorkAsync(this IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<UploadRecovery>().RequeueAsync(CancellationToken.None);
        var (hour, minute) = Alerts.AlertSchedule.DailyAt(sp.GetRequiredService<IConfiguration>());
        sp.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Alerts.EvaluateAlertsJob>(Alerts.EvaluateAlertsJob.RecurringId,
            j => j.RunAsync(CancellationToken.None), Cron.Daily(hour, minute), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        // Mail: retries, digests and summaries are due on the minute (issue 16); no job while e-mail is off.
        if (sp.GetRequiredService<Mail.EmailSettings>().Enabled)
            sp.GetRequiredService<IRecurringJobManager>().AddOrUpdate<Mail.MailJob>(Mail.MailJob.RecurringId,
                j => j.RunAsync(CancellationToken.None), Cron.Minutely(), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        else
            sp.GetRequiredService<IRecurringJobManager>().RemoveIfExists(Mail.MailJob.RecurringId);

        var config = sp.GetRequiredService<IConfiguration>();
        var db = sp.GetRequiredService<CampaignDbContext>();
        if (!config.GetValue("Demo:SeedOnFirstRun", true) || await db.Uploads.AnyAsync() || await db.Influencers.AnyAsync()) return;

        var folder = sp.GetRequiredService<StoragePaths>().Demo;
        var files = DemoDataGenerator.Write(folder, new DemoOptions());
        var upload = await sp.GetRequiredService<UploadStore>().StorePathsAsync(files.All, "demo data (first run)", CancellationToken.None);
        UploadRecovery.Enqueue(sp.GetRequiredService<IBackgroundJobClient>(), upload.Id);
    }

    public static void PrintAddresses(WebApplication app, TextWriter console)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
            console.WriteLine($"  CampaignTracker is running: browse to {address}/ and sign in.");
    }
}

public static class DatabaseProvider
{
    public static bool IsSqlServer(IConfiguration config) =>
        string.Equals(config["Database:Provider"], "SqlServer", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Chart.js and Bootstrap restored by LibMan into wwwroot-libs (served at /lib).</summary>
public static class ClientLibraries
{
    public static string Folder(IWebHostEnvironment env)
    {
        // Build and publish copy the files beside the app; from an unbuilt source tree, use the repository's folder.
        var besideApp = Path.Combine(AppContext.BaseDirectory, "wwwroot-libs");
        if (Directory.Exists(besideApp)) return besideApp;
        for (var dir = new DirectoryInfo(env.ContentRootPath); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "wwwroot-libs"))) return Path.Combine(dir.FullName, "wwwroot-libs");
        var published = besideApp;
        Directory.CreateDirectory(published);
        return published;
    }
}

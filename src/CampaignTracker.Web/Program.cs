using CampaignTracker.Web;
using CampaignTracker.Web.Api;
using CampaignTracker.Web.Bench;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Ingestion;
using CampaignTracker.Web.Security;
using Hangfire;
using Microsoft.Extensions.FileProviders;

// Operator commands run without the web server (README, Commands).
if (args is ["generate-demo", .. var demoArgs])
    return GenerateDemoCommand.Run(demoArgs, Console.Out, Console.Error);
if (args is ["tls-cert", .. var certArgs])
    return TlsCertCommand.Run(certArgs, Console.Out, Console.Error);
var importArgs = args is ["import", .. var rest] ? rest : null;
var usersArgs = args is ["users", .. var userArgs] ? userArgs : null;
if (usersArgs is not null && UsersCommand.Problem(usersArgs) is { } usersProblem)
{
    Console.Error.WriteLine($"users: {usersProblem}");
    Console.Error.WriteLine(UsersCommand.Usage);
    return 2;
}
var bench = args is ["bench" or "bench-pages" or "bench-exports", .. var benchArgs] ? BenchCommand.Parse(benchArgs, Console.Error) : null;
if (args is ["bench" or "bench-pages" or "bench-exports", ..] && bench is null) return 2;
var benchAdminPassword = "Bench-" + Guid.NewGuid().ToString("N") + "!";
var mailBench = args is ["bench-mail", .. var mailBenchArgs] ? MailBench.Parse(mailBenchArgs, Console.Error) : null;
if (args is ["bench-mail", ..] && mailBench is null) return 2;
if (mailBench is not null) bench = new BenchCommand.Options(1, mailBench.DataFolder);
var loadBench = args is ["bench-load", .. var loadBenchArgs] ? LoadBench.Parse(loadBenchArgs, Console.Error) : null;
if (args is ["bench-load", ..] && loadBench is null) return 2;
if (loadBench is not null) bench = loadBench.Bench;

var builder = WebApplication.CreateBuilder(importArgs is null && bench is null && usersArgs is null ? args : []);
if (bench is not null)
{
    // A fresh database for every run, beside the benchmark's data.
    if (Directory.Exists(BenchCommand.DatabaseFolder(bench))) Directory.Delete(BenchCommand.DatabaseFolder(bench), recursive: true);
    builder.Configuration["Storage:DataDirectory"] = BenchCommand.DatabaseFolder(bench);
    builder.Configuration["Database:Provider"] = "Sqlite";
    builder.Configuration["ConnectionStrings:CampaignTracker"] = "";
    builder.Configuration["Jobs:RunServer"] = "false";
    builder.Configuration["Security:RequireHttps"] = "false";   // the benchmark's clients speak plain HTTP on loopback
    builder.Configuration["Ingestion:MaxFileBytes"] = (2L << 30).ToString();   // scale 100 writes 116 MB files: over the 100 MB default
    builder.Configuration["Ingestion:MaxUncompressedBytes"] = (4L << 30).ToString();
    builder.Configuration["Bootstrap:AdminEmail"] = PageBench.BenchAdminEmail;
    builder.Configuration["Bootstrap:AdminPassword"] = benchAdminPassword;
    if (mailBench is not null) MailBench.Configure(builder.Configuration, mailBench);
}
if (StartupChecks.Refuse(builder, serving: importArgs is null && usersArgs is null && bench is null, Console.Error)) return StartupChecks.RefusedExitCode;
builder.AddCampaignTracker();
var app = builder.Build();

if (!await StartupChecks.PrepareDatabaseOrRefuseAsync(app.Services, Console.Out, Console.Error)) return StartupChecks.RefusedExitCode;
if (importArgs is not null)
    return await ImportCommand.RunAsync(app.Services, importArgs, Console.Out, Console.Error);
if (usersArgs is not null)
    return await UsersCommand.RunAsync(app.Services, usersArgs, Console.In, Console.Out, Console.Error);
if (bench is not null)
    return args[0] switch
    {
        "bench-pages" => await PageBench.RunAsync(app.Services, bench, benchAdminPassword, Console.Out, exports: null),
        "bench-exports" => await PageBench.RunAsync(app.Services, bench, benchAdminPassword, Console.Out, ExportBench.RunAsync),
        "bench-mail" => await MailBench.RunAsync(app.Services, mailBench!, Console.Out),
        "bench-load" => await LoadBench.RunAsync(app.Services, loadBench!, benchAdminPassword, Console.Out),
        _ => await BenchCommand.RunAsync(app.Services, bench, Console.Out),
    };

// Behind a proxy: scheme, client address and host from trusted proxies only (Https.ConfigureForwardedHeaders).
app.UseForwardedHeaders();
app.Use(SecurityHeaders.AddAsync);
if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error");
if (app.Services.GetRequiredService<Https>().Required)
{
    app.Use(Https.RedirectOrRefuseAsync);
    app.UseHsts();
}
else if (!app.Environment.IsDevelopment())
    app.Logger.LogWarning("Security:RequireHttps is false: cookies follow the request's scheme and sign-in works over plain HTTP. " +
                          "Use this on loopback or a private network only; for a real deployment put a TLS-terminating proxy in front (README, Production).");
app.UseStatusCodePagesWithReExecute("/Error", "?code={0}");
app.UseStaticFiles();
app.UseStaticFiles(new StaticFileOptions
{
    FileProvider = new PhysicalFileProvider(ClientLibraries.Folder(app.Environment)),
    RequestPath = "/lib",
});
app.UseRouting();
app.UseAuthentication();
app.Use(OneTimePasswordClaims.RedirectUntilChanged);
app.UseAuthorization();

app.MapRazorPages();
var api = app.MapGroup("");
api.RequireAuthorization(Policies.Viewer);
api.MapKpiApi();
api.MapAlertsApi();
api.MapPayoutRunsApi();
app.MapHealthChecks("/healthz", CampaignTracker.Web.Health.HealthResponse.Options).AllowAnonymous();
app.MapHangfireDashboard("/hangfire", new DashboardOptions
{
    Authorization = [],
    AsyncAuthorization = [new AdminDashboardAuthorization()],
    DisplayStorageConnectionString = false,
}).RequireAuthorization(Policies.Admin);

app.Lifetime.ApplicationStarted.Register(() => Startup.PrintAddresses(app, Console.Out));
await app.Services.StartBackgroundWorkAsync();
await app.Services.GetRequiredService<CampaignTracker.Web.Reporting.SnapshotCache>().WarmBeforeListeningAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();
return 0;

public partial class Program;

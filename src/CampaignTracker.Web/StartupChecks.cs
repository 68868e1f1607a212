using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Ingestion;
using CampaignTracker.Web.Ingestion.Sources;
using CampaignTracker.Web.Security;

namespace CampaignTracker.Web;

/// <summary>
/// What must hold before the app starts (README, Production). Each problem is one line on standard error and the
/// process exits with <see cref="RefusedExitCode"/>, without a stack trace: whoever reads a container log should
/// see which setting to change, not where the code fell over.
/// </summary>
public static class StartupChecks
{
    /// <summary>Apart from the commands' 1 (refused) and 2 (bad arguments): the configuration is what is wrong.</summary>
    public const int RefusedExitCode = 3;

    /// <summary>
    /// The checks that need no database, run before the services are registered (which would throw on the same
    /// problems); prints every problem, and in Production for the web server the warnings too.
    /// </summary>
    /// <param name="serving">The web server starts, not an operator command.</param>
    /// <returns>True when the start must stop.</returns>
    public static bool Refuse(WebApplicationBuilder builder, bool serving, TextWriter stderr)
    {
        var production = builder.Environment.IsProduction();
        builder.Services.AddSingleton(FirstAdminRule.For(production, serving, Interactive()));

        var problems = Problems(builder.Configuration, StoragePaths.From(builder.Configuration, builder.Environment.ContentRootPath));
        foreach (var problem in problems) stderr.WriteLine(problem);
        if (production && serving)
            foreach (var warning in Warnings(builder.Configuration)) stderr.WriteLine(warning);
        return problems.Count > 0;
    }

    /// <summary>
    /// <see cref="Startup.PrepareDatabaseAsync"/>, with a refusal found on the database (no admin can be created:
    /// <see cref="FirstAdminRule"/>) printed as its line.
    /// </summary>
    /// <returns>False when the start must stop.</returns>
    public static async Task<bool> PrepareDatabaseOrRefuseAsync(IServiceProvider services, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            await services.PrepareDatabaseAsync(stdout);
            return true;
        }
        catch (StartupRefusedException e)
        {
            stderr.WriteLine(e.Message);
            return false;
        }
    }

    /// <summary>Problems that stop any start, in any environment: each would otherwise end it later with an exception.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration config, StoragePaths paths)
    {
        var problems = new List<string>();
        if (DatabaseProvider.IsSqlServer(config) && string.IsNullOrEmpty(config.GetConnectionString("CampaignTracker")))
            problems.Add("cannot start: Database:Provider is SqlServer and ConnectionStrings:CampaignTracker is not set; "
                         + "set it to the SQL Server connection string (environment: ConnectionStrings__CampaignTracker).");
        if (paths.WriteProblem(create: true) is { } why)
            problems.Add($"cannot start: the data folder {paths.DataDirectory} is not writable ({why}); "
                         + "set Storage:DataDirectory (environment: Storage__DataDirectory) to a folder this process can write, or give it write access.");
        foreach (var read in new Action[]
                 {
                     () => IngestionLimits.From(config, forImport: true),   // reads every Ingestion: limit, the import one too
                     () => Https.ConfigureForwardedHeaders(new Microsoft.AspNetCore.Builder.ForwardedHeadersOptions(), config),
                     () => Alerts.AlertSchedule.DailyAt(config),
                     () => Mail.EmailSettings.Read(config),
                 })
        {
            try
            {
                read();
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"cannot start: {e.Message}.");
            }
        }
        return problems;
    }

    /// <summary>What the web server starts without, in Production, but should not: the PDF fonts.</summary>
    public static IReadOnlyList<string> Warnings(IConfiguration config) =>
        PdfFonts.From(config).Problem() is { } fonts ? [$"warning: PDF downloads will fail: {fonts}"] : [];

    // Someone at a terminal sees a generated password once; a container or service log keeps it, or loses it.
    static bool Interactive() => !Console.IsInputRedirected && !Console.IsOutputRedirected;
}

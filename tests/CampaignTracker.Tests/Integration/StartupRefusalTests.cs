namespace CampaignTracker.Tests.Integration;

/// <summary>
/// The built app started in Production as a container starts it (no terminal): a configuration it cannot run with
/// ends the start with exit code 3 and one line saying what to set, without a stack trace (README, Production).
/// </summary>
public sealed class StartupRefusalTests : IDisposable
{
    const string RefusedExitCode = "3";
    readonly string folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "ct-refusal-" + Guid.NewGuid().ToString("N"))).FullName;

    Dictionary<string, string> Production(params (string Key, string Value)[] overrides)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__DataDirectory"] = Path.Combine(folder, "data"),
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__CampaignTracker"] = "",   // over any user secret
            ["Demo__SeedOnFirstRun"] = "false",
            ["Jobs__RunServer"] = "false",
            ["Bootstrap__AdminEmail"] = "admin@refusal.test",
            ["Bootstrap__AdminPassword"] = $"Ref-{Guid.NewGuid():N}-X9!",
        };
        foreach (var (key, value) in overrides) environment[key] = value;
        return environment;
    }

    static async Task<(string Code, string Output)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        using var app = AppProcess.Start(environment, args);
        var code = await app.ExitCodeAsync(TimeSpan.FromSeconds(60));
        return (code.ToString(), app.Output);
    }

    static void AssertRefusedWithOneLine(string code, string output, string line)
    {
        Assert.True(code == RefusedExitCode, $"exit code {code}. Output:\n{output}");
        Assert.Contains(line, output.Split('\n'));
        Assert.DoesNotContain("   at ", output);   // no stack trace
        Assert.DoesNotContain("Exception", output);
    }

    [Fact]
    public async Task Sql_server_without_a_connection_string_refuses_to_start()
    {
        var (code, output) = await RunAsync(Production(("Database__Provider", "SqlServer")), "--urls", "http://127.0.0.1:0");

        AssertRefusedWithOneLine(code, output,
            "cannot start: Database:Provider is SqlServer and ConnectionStrings:CampaignTracker is not set; "
            + "set it to the SQL Server connection string (environment: ConnectionStrings__CampaignTracker).");
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_written_refuses_to_start()
    {
        File.WriteAllText(Path.Combine(folder, "a-file"), "");   // tests run as root: chmod would not stop the app, a file in the path does
        var data = Path.Combine(folder, "a-file", "data");

        var (code, output) = await RunAsync(Production(("Storage__DataDirectory", data)), "--urls", "http://127.0.0.1:0");

        var line = Assert.Single(output.Split('\n'), l => l.StartsWith("cannot start: "));
        AssertRefusedWithOneLine(code, output, line);
        Assert.StartsWith($"cannot start: the data folder {data} is not writable (", line);
        Assert.EndsWith("set Storage:DataDirectory (environment: Storage__DataDirectory) to a folder this process can write, or give it write access.", line);
    }

    [Fact]
    public async Task Without_an_admin_password_and_without_a_terminal_the_web_server_refuses_to_start()
    {
        var (code, output) = await RunAsync(Production(("Bootstrap__AdminPassword", "")), "--urls", "http://127.0.0.1:0");

        AssertRefusedWithOneLine(code, output,
            "cannot start: no admin exists and Bootstrap:AdminPassword is not set; set Bootstrap__AdminPassword (environment) "
            + "for the first admin admin@refusal.test (its e-mail: Bootstrap__AdminEmail). "
            + "(In Production without a terminal a generated password would only be printed into the log.)");
        Assert.DoesNotContain("First admin account created", output);
    }

    [Fact]
    public async Task Operator_commands_still_create_the_first_admin_with_a_generated_password()
    {
        var (code, output) = await RunAsync(Production(("Bootstrap__AdminPassword", "")), "users", "list");

        Assert.True(code == "0", output);
        Assert.Contains("First admin account created.", output);
        Assert.Matches("admin@refusal.test\tAdmin\t-\tnever\tactive", output);
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}

using CampaignTracker.Tests.Integration;

namespace CampaignTracker.Tests.Security;

/// <summary>The `users` command names are contracts: run as an operator runs them, `dotnet CampaignTracker.Web.dll users …`.</summary>
[Collection(AppCollection.Name)]
public class UsersCommandProcessTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "ct-users-cli-" + Guid.NewGuid().ToString("N"));

    Dictionary<string, string> Environment => new()
    {
        ["Storage__DataDirectory"] = folder, ["Bootstrap__AdminEmail"] = "root@cli.test", ["Bootstrap__AdminPassword"] = "Root-cli-password-1",
        ["Demo__SeedOnFirstRun"] = "false", ["Jobs__RunServer"] = "false", ["DOTNET_ENVIRONMENT"] = "Production",
    };

    async Task<(int Code, string Output)> RunAsync(string? stdin, params string[] args)
    {
        using var app = AppProcess.Start(Environment, ["users", .. args]);
        if (stdin is not null) app.Input(stdin);
        var code = await app.ExitCodeAsync(TimeSpan.FromSeconds(60));
        return (code, app.Output);
    }

    [Fact]
    public async Task Users_add_list_and_lock_work_from_the_command_line()
    {
        var (added, output) = await RunAsync("Operator-chosen-pass-5\n", "add", "ops@cli.test", "--role", "Admin");
        Assert.True(added == 0, output);
        Assert.Contains("ops@cli.test added as Admin", output);

        var (locked, lockOutput) = await RunAsync(null, "lock", "ops@cli.test");
        Assert.True(locked == 0, lockOutput);

        var (listed, list) = await RunAsync(null, "list");
        Assert.Equal(0, listed);
        Assert.Matches("ops@cli.test\tAdmin\t-\tnever\tlocked", list);
        Assert.Matches("root@cli.test\tAdmin\t-\tnever\tactive", list);

        var (refused, refusal) = await RunAsync(null, "lock", "root@cli.test");   // the only admin that can still sign in
        Assert.Equal(1, refused);
        Assert.Contains("root@cli.test is the last admin and cannot be locked", refusal);
    }

    [Fact]
    public async Task Bad_arguments_exit_2_with_the_usage_before_any_database_exists()
    {
        var (code, output) = await RunAsync(null, "add", "ops@cli.test", "--role", "Owner");
        Assert.Equal(2, code);
        Assert.Contains("--role is 'Owner'; expected Admin, BrandManager or Finance", output);
        Assert.Contains("usage: users add EMAIL", output);
        Assert.False(Directory.Exists(folder), "bad arguments must not create the database");
    }

    public void Dispose()
    {
        try { Directory.Delete(folder, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}

using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Security;

[Collection(AppCollection.Name)]
public class UsersCommandTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    async Task<(int Code, string Out, string Err)> UsersAsync(string stdin, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = await UsersCommand.RunAsync(app.Services, args, new StringReader(stdin), stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Users_add_reads_the_password_from_standard_input_and_users_list_shows_the_user()
    {
        var (code, stdout, stderr) = await UsersAsync("Command-line-pass-77\n", "add", "cli-bm@test.local", "--role", "BrandManager", "--brands", "MuscleBlaze,HKVitals");
        Assert.True(code == 0, stderr);
        Assert.Contains("cli-bm@test.local added as BrandManager of MuscleBlaze, HKVitals", stdout);

        var list = (await UsersAsync("", "list")).Out;
        Assert.Contains("cli-bm@test.local\tBrandManager\tHKVitals,MuscleBlaze\tnever\tactive", list);
        Assert.Contains($"{AppFactory.AdminEmail}\tAdmin\t-\t", list);

        var signIn = await AppFactory.PostLoginAsync(app.Client(), "cli-bm@test.local", "Command-line-pass-77");
        Assert.Equal("/Account/Password", signIn.Headers.Location!.OriginalString);   // set by someone else: changed first
        Assert.Contains(app.Using(sp => sp.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking().ToList()),
            e => e is { Action: AuditActions.UserCreated, Actor: AuditLog.CommandLine, Subject: "cli-bm@test.local", Ip: null });
    }

    [Fact]
    public async Task Users_add_makes_a_Finance_user_who_sees_every_brand_and_users_list_shows_the_role()
    {
        var (code, stdout, stderr) = await UsersAsync("Command-line-pass-78\n", "add", "cli-finance@test.local", "--role", "finance");
        Assert.True(code == 0, stderr);
        Assert.Contains("cli-finance@test.local added as Finance;", stdout);
        Assert.Contains("cli-finance@test.local\tFinance\t-\tnever\tactive", (await UsersAsync("", "list")).Out);
        Assert.Contains("Admin|BrandManager|Finance", UsersCommand.Usage);
    }

    [Fact]
    public async Task Users_lock_stops_sign_in_and_refuses_the_last_admin()
    {
        await app.BrandManagerAsync("cli-lock@test.local", SecurityApp.BrandA);
        var (code, stdout, _) = await UsersAsync("", "lock", "cli-lock@test.local");
        Assert.Equal(0, code);
        Assert.Contains("cli-lock@test.local locked", stdout);
        var line = (await UsersAsync("", "list")).Out.Split('\n').Single(l => l.StartsWith("cli-lock@")).TrimEnd();
        Assert.StartsWith("cli-lock@test.local\tBrandManager\tMuscleBlaze\t", line);
        Assert.EndsWith("\tlocked", line);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await AppFactory.PostLoginAsync(app.Client(), "cli-lock@test.local", AppFactory.AdminPassword)).StatusCode);

        var last = await UsersAsync("", "lock", AppFactory.AdminEmail);
        Assert.Equal(1, last.Code);
        Assert.Contains("is the last admin and cannot be locked", last.Err);
    }

    [Theory]
    [InlineData("", 2, "no subcommand")]
    [InlineData("remove x@test.local", 2, "unknown subcommand 'remove'")]
    [InlineData("add not-an-email --role Admin", 2, "'not-an-email' is not an e-mail address")]
    [InlineData("add a@test.local", 2, "--role is required")]
    [InlineData("add a@test.local --role Boss", 2, "--role is 'Boss'; expected Admin, BrandManager or Finance")]
    [InlineData("add c@test.local --role Finance --brands HKVitals", 1, "Finance sees every brand: leave the brands empty.")]
    [InlineData("add a@test.local --role BrandManager --brands", 2, "'--brands' needs a value")]
    [InlineData("lock", 2, "wrong number of arguments")]
    [InlineData("lock ghost@test.local", 1, "There is no user ghost@test.local.")]
    [InlineData("add b@test.local --role BrandManager --brands Nestle", 1, "Unknown brand 'Nestle': the brands are HKVitals, MuscleBlaze.")]
    public async Task Bad_arguments_exit_2_and_refusals_exit_1_with_the_reason(string args, int expected, string message)
    {
        var (code, _, stderr) = await UsersAsync("Some-good-password-1\n", args.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(expected, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task Users_add_without_a_password_on_standard_input_is_refused()
    {
        var (code, _, stderr) = await UsersAsync("", "add", "nopass@test.local", "--role", "Admin");
        Assert.Equal(1, code);
        Assert.Contains("No password on standard input", stderr);
    }
}

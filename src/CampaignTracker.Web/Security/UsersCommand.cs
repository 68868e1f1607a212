using System.Globalization;

namespace CampaignTracker.Web.Security;

/// <summary>
/// `users add EMAIL --role ROLE [--brands A,B]` (password on standard input), `users list`, `users lock EMAIL`,
/// `users unlock EMAIL`: the users page for operators. Exit 0 done, 1 refused (the reasons printed), 2 bad arguments.
/// </summary>
public static class UsersCommand
{
    public const string Usage = """
        usage: users add EMAIL --role Admin|BrandManager|Finance [--brands NAME,NAME]   (the password is read from standard input; brands for brand managers only)
               users list
               users lock EMAIL
               users unlock EMAIL
        """;

    /// <summary>Checks the arguments before anything starts, so that bad ones exit 2 without touching the database.</summary>
    public static string? Problem(string[] args) => args switch
    {
        ["list"] => null,
        ["lock" or "unlock", var email] => IsEmail(email) ? null : $"'{email}' is not an e-mail address",
        ["add", var email, .. var options] => !IsEmail(email) ? $"'{email}' is not an e-mail address" : AddOptions(options).Problem,
        [] => "no subcommand",
        [var other, ..] when other is not ("add" or "list" or "lock" or "unlock") => $"unknown subcommand '{other}'",
        _ => "wrong number of arguments",
    };

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        if (Problem(args) is { } problem)
        {
            stderr.WriteLine($"users: {problem}");
            stderr.WriteLine(Usage);
            return 2;
        }
        using var scope = services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var ct = CancellationToken.None;
        switch (args)
        {
            case ["list"]:
                var now = DateTimeOffset.UtcNow;
                foreach (var u in await accounts.ListAsync(ct))
                    stdout.WriteLine(string.Join('\t', u.Email, u.Role, u.Brands.Count == 0 ? "-" : string.Join(',', u.Brands),
                        u.LastSignInAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never", u.IsLocked(now) ? "locked" : "active"));
                return 0;
            case ["lock" or "unlock", var email]:
                if (await accounts.FindAsync(email) is not { } user) return Refused(stderr, [$"There is no user {email}."]);
                var errors = args[0] == "lock" ? await accounts.LockAsync(user.Id, ct) : await accounts.UnlockAsync(user.Id, ct);
                if (errors.Count > 0) return Refused(stderr, errors);
                stdout.WriteLine($"{email} {args[0]}ed");
                return 0;
            default:
                var (role, brands, _) = AddOptions(args[2..]);
                var password = stdin.ReadLine()?.TrimEnd('\r', '\n');
                if (string.IsNullOrEmpty(password)) return Refused(stderr, ["No password on standard input (one line)."]);
                var (created, problems) = await accounts.CreateAsync(args[1], role!, brands, password, ct);
                if (created is null) return Refused(stderr, problems);
                // Set by an operator for someone else: changed at the first sign-in, like an admin's one-time password.
                stdout.WriteLine($"{created.Email} added as {role}{(brands.Count > 0 ? " of " + string.Join(", ", brands) : "")}; the password must be changed at the first sign-in");
                return 0;
        }
    }

    static int Refused(TextWriter stderr, IReadOnlyList<string> reasons)
    {
        foreach (var reason in reasons) stderr.WriteLine($"users: {reason}");
        return 1;
    }

    static bool IsEmail(string text) => System.Net.Mail.MailAddress.TryCreate(text, out var address) && address.Address == text;

    static (string? Role, IReadOnlyList<string> Brands, string? Problem) AddOptions(string[] options)
    {
        string? role = null;
        List<string> brands = [];
        for (var i = 0; i < options.Length; i += 2)
        {
            if (i + 1 >= options.Length) return (null, [], $"'{options[i]}' needs a value");
            var value = options[i + 1];
            switch (options[i])
            {
                case "--role":
                    role = Roles.All.FirstOrDefault(r => r.Equals(value, StringComparison.OrdinalIgnoreCase));
                    if (role is null) return (null, [], $"--role is '{value}'; expected {Roles.Listed}");
                    break;
                case "--brands":
                    brands = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
                    break;
                default:
                    return (null, [], $"unknown option '{options[i]}'");
            }
        }
        return role is null ? (null, [], "--role is required") : (role, brands, null);
    }
}

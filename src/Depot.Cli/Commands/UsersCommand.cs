using System.CommandLine;
using System.Globalization;
using Depot.Cli.Output;
using Depot.Cli.Parsing;
using Depot.Client;
using Depot.Protocol.Users;

namespace Depot.Cli.Commands;

/// <summary><c>depot users ls|create|disable|enable|delete|passwd|quota</c>: account administration (admins only).</summary>
internal static class UsersCommand
{
    public static Command Create(CliContext cli) => new("users", "Manage accounts (administrators only)")
    {
        List(cli), CreateUser(cli),
        Change(cli, "disable", "Disable an account: it can no longer log in", (users, name, ct) => users.UpdateAsync(name, new UpdateUserRequest(Disabled: true), ct)),
        Change(cli, "enable", "Enable a disabled account", (users, name, ct) => users.UpdateAsync(name, new UpdateUserRequest(Disabled: false), ct)),
        Delete(cli), SetPassword(cli), Quota(cli),
    };

    private static Command List(CliContext cli)
    {
        var command = new Command("ls", "List accounts");
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var users = await session.Client.Users.ListAsync(cancellationToken);
            if (run.Json)
            {
                run.WriteJson(users, CliJsonContext.Relaxed.IReadOnlyListUserInfo);
                return ExitCodes.Ok;
            }

            foreach (var user in users)
            {
                run.WriteLine(Describe(user));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateUser(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "Username" };
        var admin = new Option<bool>("--admin") { Description = "Make the account an administrator" };
        var quota = new Option<string?>("--quota") { Description = "Storage limit: bytes or e.g. 10GiB, 500MB (default unlimited)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the new user's password from stdin" };
        var command = new Command("create", $"Create an account (password from --password-stdin, {Secrets.NewPasswordVariable} or a prompt)")
        {
            name, admin, quota, passwordStdin,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var quotaBytes = parse.GetValue(quota) is { } text ? ParseQuota(text) : null;
            using var session = await run.OpenSessionAsync(cancellationToken);
            var username = parse.GetRequiredValue(name);
            var password = Secrets.ReadNew(run, parse.GetValue(passwordStdin), $"Password for {username}: ");
            var user = await session.Client.Users.CreateAsync(
                new CreateUserRequest(username, password, parse.GetValue(admin), quotaBytes), cancellationToken);
            return Show(run, user);
        });
        return command;
    }

    private static Command Delete(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "Username" };
        var yes = Confirmation.CreateOption();
        var command = new Command("delete", "Delete an account and all its files (asks first; --yes for scripts)") { name, yes };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            Confirmation.Require(run, parse.GetValue(yes), $"delete the account {parse.GetRequiredValue(name)} and all its files");
            using var session = await run.OpenSessionAsync(cancellationToken);
            await session.Client.Users.DeleteAsync(parse.GetRequiredValue(name), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(new Done(true), CliJsonContext.Relaxed.Done);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetPassword(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "Username" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the new password from stdin" };
        var command = new Command("passwd", $"Reset an account's password (from --password-stdin, {Secrets.NewPasswordVariable} or a prompt); its tokens are revoked")
        {
            name, passwordStdin,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var username = parse.GetRequiredValue(name);
            var password = Secrets.ReadNew(run, parse.GetValue(passwordStdin), $"New password for {username}: ");
            await session.Client.Users.SetPasswordAsync(username, password, cancellationToken);
            if (run.Json)
            {
                run.WriteJson(new Done(true), CliJsonContext.Relaxed.Done);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Quota(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "Username" };
        var size = new Argument<string>("size") { Description = "Bytes, a size like 10GiB or 500MB, or 'unlimited'" };
        var command = new Command("quota", "Set an account's storage limit") { name, size };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var quotaBytes = ParseQuota(parse.GetRequiredValue(size));
            using var session = await run.OpenSessionAsync(cancellationToken);
            return Show(run, await session.Client.Users.SetQuotaAsync(parse.GetRequiredValue(name), quotaBytes, cancellationToken));
        });
        return command;
    }

    private static Command Change(CliContext cli, string verb, string description, Func<UsersClient, string, CancellationToken, Task<UserInfo>> change)
    {
        var name = new Argument<string>("name") { Description = "Username" };
        var command = new Command(verb, description) { name };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            return Show(run, await change(session.Client.Users, parse.GetRequiredValue(name), cancellationToken));
        });
        return command;
    }

    internal static long? ParseQuota(string text) =>
        text.Equals("unlimited", StringComparison.OrdinalIgnoreCase) || text.Equals("none", StringComparison.OrdinalIgnoreCase)
            ? null
            : SizeParser.Parse(text);

    private static int Show(Invocation run, UserInfo user)
    {
        if (run.Json)
        {
            run.WriteJson(user, CliJsonContext.Relaxed.UserInfo);
        }
        else
        {
            run.WriteLine(Describe(user));
        }

        return ExitCodes.Ok;
    }

    private static string Describe(UserInfo user)
    {
        var quota = user.QuotaBytes is { } limit ? Sizes.Format(limit) : "unlimited";
        var flags = (user.IsAdmin ? " admin" : "") + (user.Disabled ? " disabled" : "");
        var created = user.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return $"{user.Username,-24} {Sizes.Format(user.UsedBytes),10} of {quota,-10} since {created}{flags}";
    }
}

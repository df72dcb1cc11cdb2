using System.CommandLine;
using System.Globalization;
using Depot.Cli.Output;

namespace Depot.Cli.Commands;

/// <summary><c>depot app-passwords ls|create|revoke</c>: secrets for WebDAV clients (Finder, Explorer, rclone), one per device.</summary>
internal static class AppPasswordsCommand
{
    public static Command Create(CliContext cli) =>
        new("app-passwords", "List, create or revoke app passwords for WebDAV clients") { List(cli), CreatePassword(cli), Revoke(cli) };

    private static Command List(CliContext cli)
    {
        var command = new Command("ls", "List your app passwords");
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var passwords = await session.Client.AppPasswords.ListAsync(cancellationToken);
            if (run.Json)
            {
                run.WriteJson(passwords, CliJsonContext.Relaxed.IReadOnlyListAppPasswordInfo);
                return ExitCodes.Ok;
            }

            foreach (var password in passwords)
            {
                var used = password.LastUsedAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never";
                run.WriteLine($"{password.Id}  last used {used,-16}  {password.Name}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreatePassword(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "The device or client it is for, e.g. laptop-finder" };
        var command = new Command("create", "Create an app password; it is printed once") { name };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var created = await session.Client.AppPasswords.CreateAsync(parse.GetRequiredValue(name), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(created, CliJsonContext.Relaxed.CreatedAppPassword);
                return ExitCodes.Ok;
            }

            // The one place the secret is printed: the user asked for it, and the server never shows it again.
            run.WriteLine(created.Password);
            run.Host.Error.WriteLine($"App password {created.Info.Id}: sign in to {new Uri(session.Server, "dav/")} as " +
                $"'{created.Username}' with it. Store it now: it is not shown again.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "App password id (from 'depot app-passwords ls')" };
        var command = new Command("revoke", "Revoke an app password: the device using it is signed out at once") { id };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            await session.Client.AppPasswords.RevokeAsync(parse.GetRequiredValue(id), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(new Done(true), CliJsonContext.Relaxed.Done);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

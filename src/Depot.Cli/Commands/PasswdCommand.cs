using System.CommandLine;
using Depot.Cli.Output;

namespace Depot.Cli.Commands;

/// <summary><c>depot passwd</c>: changes the logged-in user's password.</summary>
internal static class PasswdCommand
{
    public static Command Create(CliContext cli)
    {
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the current and the new password from two lines of stdin" };
        var command = new Command("passwd",
            $"Change your password (current from {Secrets.PasswordVariable}, new from {Secrets.NewPasswordVariable}, or prompts); your other sessions are signed out")
        {
            passwordStdin,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var fromStdin = parse.GetValue(passwordStdin);
            var current = Secrets.Read(run, fromStdin, Secrets.PasswordVariable, "Current password: ");
            var replacement = Secrets.ReadNew(run, fromStdin, "New password: ");
            await session.Client.Account.ChangePasswordAsync(current, replacement, cancellationToken);
            run.Say("Password changed.");
            if (run.Json)
            {
                run.WriteJson(new Done(true), CliJsonContext.Relaxed.Done);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

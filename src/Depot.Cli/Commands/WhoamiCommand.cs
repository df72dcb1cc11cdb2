using System.CommandLine;
using Depot.Cli.Output;

namespace Depot.Cli.Commands;

/// <summary><c>depot whoami</c>: the logged-in account, its role and storage use.</summary>
internal static class WhoamiCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("whoami", "Show the logged-in user");
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var me = await session.Client.Account.GetAsync(cancellationToken);
            if (run.Json)
            {
                run.WriteJson(me, CliJsonContext.Relaxed.UserInfo);
                return ExitCodes.Ok;
            }

            var quota = me.QuotaBytes is { } limit ? Sizes.Format(limit) : "unlimited";
            run.WriteLine($"{me.Username}{(me.IsAdmin ? " (admin)" : "")} on {session.Server}");
            run.WriteLine($"using {Sizes.Format(me.UsedBytes)} of {quota}");
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Net;
using Depot.Cli.Output;
using Depot.Client;

namespace Depot.Cli.Commands;

/// <summary><c>depot logout</c>: revokes the token on the server and forgets it.</summary>
internal static class LogoutCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("logout", "Revoke the saved token on the server and forget it");
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            try
            {
                await session.Client.Auth.LogoutAsync(cancellationToken);
            }
            catch (DepotApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
            {
                // The token was already expired or revoked: forgetting it is all that is left to do.
            }
            finally
            {
                // Forget the token even when the server could not be told; the error still sets the exit code.
                run.Config.Save(session.Config with { Token = null });
            }

            run.Say($"Logged out of {session.Server}.");
            if (run.Json)
            {
                run.WriteJson(new Done(true), CliJsonContext.Relaxed.Done);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

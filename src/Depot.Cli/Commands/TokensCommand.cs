using System.CommandLine;
using System.Globalization;
using Depot.Cli.Output;
using Depot.Cli.Parsing;

namespace Depot.Cli.Commands;

/// <summary><c>depot tokens ls|create|revoke</c>: your sessions and personal access tokens.</summary>
internal static class TokensCommand
{
    public static Command Create(CliContext cli) =>
        new("tokens", "List, create or revoke your sessions and personal access tokens") { List(cli), CreateToken(cli), Revoke(cli) };

    private static Command List(CliContext cli)
    {
        var command = new Command("ls", "List your sessions and personal access tokens");
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            var tokens = await session.Client.Tokens.ListAsync(cancellationToken);
            if (run.Json)
            {
                run.WriteJson(tokens, CliJsonContext.Relaxed.IReadOnlyListTokenInfo);
                return ExitCodes.Ok;
            }

            foreach (var token in tokens)
            {
                // App passwords carry the last representable day as their end: that is "never" to a person.
                var expires = token.ExpiresAt.Year >= 9999 ? "never"
                    : token.ExpiresAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                run.WriteLine($"{token.Id}  {token.Kind,-8}  expires {expires}  {token.Name ?? token.CreatedFrom ?? ""}{(token.Current ? "  (this one)" : "")}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateToken(CliContext cli)
    {
        var name = new Argument<string>("name") { Description = "What the token is for, e.g. backup-script" };
        var expires = ExpiryOption.Create("When the token ends (default: the server's)", cli.Time);
        var command = new Command("create", "Create a personal access token; its secret is printed once") { name, expires };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
                        using var session = await run.OpenSessionAsync(cancellationToken);
            var created = await session.Client.Tokens.CreateAsync(parse.GetRequiredValue(name), parse.GetValue(expires), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(created, CliJsonContext.Relaxed.CreatedToken);
                return ExitCodes.Ok;
            }

            // The one place a secret is printed: the user asked for it, and the server never shows it again.
            run.WriteLine(created.Token);
            run.Host.Error.WriteLine($"Token {created.Info.Id} expires {created.Info.ExpiresAt:u}. Store it now: it is not shown again.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Token id (from 'depot tokens ls')" };
        var command = new Command("revoke", "Revoke a session or token") { id };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            using var session = await run.OpenSessionAsync(cancellationToken);
            await session.Client.Tokens.RevokeAsync(parse.GetRequiredValue(id), cancellationToken);
            if (run.Json)
            {
                run.WriteJson(new Done(true), CliJsonContext.Relaxed.Done);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

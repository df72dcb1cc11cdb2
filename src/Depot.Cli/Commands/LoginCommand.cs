using System.CommandLine;
using Depot.Cli.Config;
using Depot.Cli.Net;
using Depot.Cli.Output;
using Depot.Client;
using Depot.Protocol;
using Depot.Protocol.Auth;

namespace Depot.Cli.Commands;

/// <summary><c>depot login &lt;url&gt;</c>: exchanges a password for a token and saves server, username and token.</summary>
internal static class LoginCommand
{
    public static Command Create(CliContext cli)
    {
        var url = new Argument<string>("url") { Description = "The server, e.g. https://depot.example.com" };
        var username = new Option<string?>("--username", "-u") { Description = "The account (prompted when omitted)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of stdin" };
        var code = new Option<string?>("--code")
        {
            Description = "The two-factor code (authenticator app or recovery code); prompted at a terminal when the account needs one",
        };
        var command = new Command("login", $"Log in and save a token (password from --password-stdin, {Secrets.PasswordVariable} or a prompt)")
        {
            url, username, passwordStdin, code,
        };
        cli.SetAction(command, async (parse, run, cancellationToken) =>
        {
            var server = SessionFactory.ParseServer(parse.GetRequiredValue(url));
            var saved = run.Config.Load();
            var config = saved with { Server = server.AbsoluteUri, Token = null };
            using var session = await SessionFactory.ConnectAsync(run, server, config, cancellationToken);
            if (saved.Token is { } previous && saved.Server == server.AbsoluteUri)
            {
                await RevokeQuietlyAsync(session.Client, previous, cancellationToken);
            }

            var name = parse.GetValue(username) ?? PromptUsername(run, saved);
            var password = Secrets.Read(run, parse.GetValue(passwordStdin), Secrets.PasswordVariable, $"Password for {name}: ");
            var token = await LoginAsync(run, session.Client, name, password, parse.GetValue(code), cancellationToken);
            run.Config.Save(session.Config with { Server = server.AbsoluteUri, Username = name, Token = token.Token });

            run.Say($"Logged in to {server} as {name}.");
            if (run.Json)
            {
                run.WriteJson(new LoginResult(server.AbsoluteUri, name, token.ExpiresAt), CliJsonContext.Relaxed.LoginResult);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Signs in; when the account has two-factor sign-in and no <c>--code</c> was given, asks for the code at a terminal
    /// (a TOTP code is short-lived and single-use, so there is no environment variable for it).
    /// </summary>
    private static async Task<TokenResponse> LoginAsync(
        Invocation run, DepotClient client, string name, string password, string? code, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Auth.LoginAsync(name, password, code, cancellationToken);
        }
        catch (DepotApiException e) when (e.Code == ErrorCodes.TwoFactorRequired && code is null)
        {
            if (!run.Host.Interactive)
            {
                throw new CliException(ExitCodes.Usage, "This account uses two-factor sign-in: pass the code with --code.");
            }

            var typed = run.Host.Prompt("Two-factor code (or a recovery code): ")?.Trim();
            return string.IsNullOrEmpty(typed)
                ? throw new CliException(ExitCodes.Usage, "No code given.")
                : await client.Auth.LoginAsync(name, password, typed, cancellationToken);
        }
    }

    private static string PromptUsername(Invocation run, CliConfig saved)
    {
        if (!run.Host.Interactive)
        {
            throw new CliException(ExitCodes.Usage, "No username: use --username.");
        }

        var suggestion = saved.Username is null ? "" : $" [{saved.Username}]";
        var typed = run.Host.Prompt($"Username{suggestion}: ")?.Trim();
        return string.IsNullOrEmpty(typed)
            ? saved.Username ?? throw new CliException(ExitCodes.Usage, "No username given.")
            : typed;
    }

    /// <summary>Logging in again replaces the old session; revoke it rather than leave it valid until it expires.</summary>
    private static async Task RevokeQuietlyAsync(DepotClient client, string previous, CancellationToken cancellationToken)
    {
        client.AccessToken = previous;
        try
        {
            await client.Auth.LogoutAsync(cancellationToken);
        }
        catch (DepotApiException)
        {
            // Already expired or revoked: exactly what we wanted.
        }
        finally
        {
            client.AccessToken = null;
        }
    }
}

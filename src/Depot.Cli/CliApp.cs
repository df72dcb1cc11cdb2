using System.CommandLine;
using Depot.Cli.Commands;
using Depot.Cli.Parsing;

namespace Depot.Cli;

/// <summary>
/// The <c>depot</c> command line. <c>Program.cs</c> calls <see cref="RunAsync(string[], CliHost, CancellationToken)"/>
/// with the console; tests call it in-process with their own streams and environment.
/// </summary>
internal static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, TextReader stdin, CancellationToken cancellationToken) =>
        RunAsync(args, new CliHost(stdout, stderr, stdin, Environment.GetEnvironmentVariable), cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken)
    {
        var root = CreateRoot(new CliContext(host));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await host.Error.WriteLineAsync($"depot: {ParseErrorText.For(error.Message)}");
            }

            await host.Error.WriteLineAsync("Run 'depot --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = host.Out,
            Error = host.Error,
            // Every verb maps its own failures to documented exit codes; anything escaping is a bug worth a stack trace.
            EnableDefaultExceptionHandler = false,
            // Program.cs owns Ctrl+C, so in-process runs (tests) do not install process-wide signal handlers.
            ProcessTerminationTimeout = null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    private static RootCommand CreateRoot(CliContext cli)
    {
        var root = new RootCommand("depot: the command-line client of a Depot file server. Exit codes: see docs/cli.md.")
        {
            cli.Json,
            cli.Fingerprint,
            LoginCommand.Create(cli),
            LogoutCommand.Create(cli),
            WhoamiCommand.Create(cli),
            LsCommand.Create(cli),
            PutCommand.Create(cli),
            GetCommand.Create(cli),
            CatCommand.Create(cli),
            MkdirCommand.Create(cli),
            MvCommand.Create(cli),
            CpCommand.Create(cli),
            RmCommand.Create(cli),
            TrashCommand.Create(cli),
            VersionsCommand.Create(cli),
            PasswdCommand.Create(cli),
            TokensCommand.Create(cli),
            AppPasswordsCommand.Create(cli),
            UsersCommand.Create(cli),
            AdminCommand.Create(cli),
            GroupsCommand.Create(cli),
            AuditCommand.Create(cli),
            SyncCommand.Create(cli),
            SharingCommands.Share(cli),
            SharingCommands.Unshare(cli),
            SharingCommands.Shares(cli),
            SharingCommands.Mount(cli),
            SharingCommands.Link(cli),
        };
        return root;
    }
}

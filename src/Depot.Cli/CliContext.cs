using System.CommandLine;
using Depot.Cli.Config;

namespace Depot.Cli;

/// <summary>The options every verb shares and the wrapper that runs a verb and maps its failures to exit codes.</summary>
internal sealed class CliContext(CliHost host)
{
    /// <summary>The clock options read while parsing (durations such as <c>--expires 7d</c> count from it).</summary>
    public TimeProvider Time => host.Time;

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON to stdout (errors as JSON to stderr)",
        Recursive = true,
    };

    public Option<string?> Fingerprint { get; } = new("--fingerprint")
    {
        Description = "Trust the server's TLS certificate with this SHA-256 fingerprint (SHA256:...)",
        Recursive = true,
    };

    public void SetAction(Command command, Func<ParseResult, Invocation, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var run = new Invocation(host, parse.GetValue(Json), parse.GetValue(Fingerprint), ConfigStore.For(host));
            try
            {
                return await action(parse, run, cancellationToken);
            }
            catch (Exception e)
            {
                return ErrorReporter.Report(run, e, cancellationToken);
            }
        });
}

namespace Depot.Cli.Output;

/// <summary>A failure as written to stderr with <c>--json</c>: the exit code, the server's error code if any, and the message.</summary>
internal sealed record CliError(int ExitCode, string? Code, string Message);

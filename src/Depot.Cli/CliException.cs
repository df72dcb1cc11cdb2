namespace Depot.Cli;

/// <summary>A failure the CLI itself detected, with the exit code it means and a message for the user.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

namespace Depot.Cli.Tests.Flows;

internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>What the CLI wrote to its raw standard output (file bytes from <c>cat</c>).</summary>
    public byte[] Bytes { get; init; } = [];

    public CliResult ShouldSucceed()
    {
        Assert.True(ExitCode == ExitCodes.Ok, $"exit {ExitCode}\nstdout: {Out}\nstderr: {Error}");
        return this;
    }

    public CliResult ShouldFailWith(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"expected exit {exitCode}, got {ExitCode}\nstdout: {Out}\nstderr: {Error}");
        return this;
    }
}

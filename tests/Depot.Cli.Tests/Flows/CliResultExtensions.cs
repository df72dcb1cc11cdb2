namespace Depot.Cli.Tests.Flows;

internal static class CliResultExtensions
{
    public static async Task<CliResult> ShouldSucceedAsync(this Task<CliResult> run) => (await run).ShouldSucceed();

    public static async Task<CliResult> ShouldFailWithAsync(this Task<CliResult> run, int exitCode) => (await run).ShouldFailWith(exitCode);
}

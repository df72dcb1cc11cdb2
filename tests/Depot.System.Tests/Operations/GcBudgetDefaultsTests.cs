using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Operations;

/// <summary>
/// The server's default gen0 budget (docs/configuration.md, "Runtime"): the runtime reads it only from the environment,
/// so the server sets it and replaces itself with execve, keeping its PID; an operator's own setting is left alone.
/// </summary>
public sealed class GcBudgetDefaultsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_started_process_runs_with_the_default_budget_under_the_same_pid()
    {
        // A runner with its own setting passes it on to the server, which then keeps it (the other test).
        if (!OperatingSystem.IsLinux() || global::System.Environment.GetEnvironmentVariable("DOTNET_GCgen0size") is not null
            || global::System.Environment.GetEnvironmentVariable("DOTNET_GCgen0MaxBudget") is not null)
        {
            return;
        }

        await using var depot = new DepotProcess(output);
        await depot.StartAsync();

        // The PID the fixture started answers on its port (StartAsync waited for it), so execve kept it.
        var environment = EnvironmentOf(depot.ProcessId!.Value);
        Assert.Equal("400000", environment.GetValueOrDefault("DOTNET_GCgen0size"));
        Assert.Equal("600000", environment.GetValueOrDefault("DOTNET_GCgen0MaxBudget"));
        using var response = await depot.CreateHttpClient().GetAsync("/healthz");
        Assert.True(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task An_operators_own_setting_is_kept_and_nothing_is_added()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        await using var depot = new DepotProcess(output);
        depot.Environment["DOTNET_GCgen0size"] = "0";   // the runtime's own default
        await depot.StartAsync();

        var environment = EnvironmentOf(depot.ProcessId!.Value);
        Assert.Equal("0", environment.GetValueOrDefault("DOTNET_GCgen0size"));
        Assert.False(environment.ContainsKey("DOTNET_GCgen0MaxBudget"));
    }

    private static Dictionary<string, string> EnvironmentOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests;

/// <summary>The out-of-process fixture itself: it finds the server, learns its port, kills it and restarts it.</summary>
public sealed class DepotProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Killed_server_restarts_on_the_same_data_and_keeps_accounts_and_tokens()
    {
        await using var depot = await DepotProcess.StartNewAsync(output);
        using var alice = await depot.CreateUserAsync();
        var firstPid = depot.ProcessId!.Value;
        var firstAddress = depot.Address;

        await depot.KillAsync();
        Assert.False(depot.IsRunning);
        Assert.False(IsAlive(firstPid), $"pid {firstPid} survived SIGKILL");
        await Assert.ThrowsAsync<InvalidOperationException>(() => alice.Http.GetAsync("/api/v1/me"));

        await depot.RestartAsync();
        Assert.NotEqual(firstPid, depot.ProcessId);
        output.WriteLine($"before: {firstAddress}, after: {depot.Address}");

        // The client made before the crash follows the new port; its token was committed, so it still works.
        using var response = await alice.Http.GetAsync("/api/v1/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.UserInfo);
        Assert.Equal(alice.Username, me!.Username);
    }

    [Fact]
    public async Task Dispose_kills_the_server_and_deletes_its_temporary_data()
    {
        var depot = await DepotProcess.StartNewAsync(output);
        var pid = depot.ProcessId!.Value;
        var data = depot.DataPath;
        Assert.True(IsAlive(pid));

        await depot.DisposeAsync();

        Assert.False(IsAlive(pid), $"pid {pid} outlived its fixture");
        Assert.False(Directory.Exists(data));
    }

    [Fact]
    public async Task Server_that_cannot_start_fails_fast_with_its_output()
    {
        // A data folder that is a file: the schema migration fails at start-up and the process exits.
        var notAFolder = Path.GetTempFileName();
        try
        {
            await using var depot = new DepotProcess(output, extraArguments: [$"--Depot:DataPath={notAFolder}"]);
            var started = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => depot.StartAsync());
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"took {started.Elapsed}");
            Assert.Contains(notAFolder, error.Message); // the server's own error is in the message
            Assert.False(depot.IsRunning);
        }
        finally
        {
            File.Delete(notAFolder);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

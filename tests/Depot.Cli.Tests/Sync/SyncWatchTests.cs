using System.Diagnostics;
using Depot.Cli.Tests.Flows;
using Depot.Testing;

namespace Depot.Cli.Tests.Sync;

/// <summary><c>sync --watch</c> follows local file events and the server's change feed until stopped.</summary>
public sealed class SyncWatchTests(DepotServer server) : IClassFixture<DepotServer>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Watch_uploads_a_local_edit_and_downloads_a_server_edit_without_being_run_again()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        laptop.Write("first.txt", "one");
        using var stop = new CancellationTokenSource();
        var watching = laptop.Cli.RunUntilAsync("", stop.Token, "sync", laptop.Folder, "/watched", "--watch");

        await WaitForAsync(async () => await CatAsync(web, "/watched/first.txt") == "one");

        laptop.Write("later.txt", "written while watching");
        await WaitForAsync(async () => await CatAsync(web, "/watched/later.txt") == "written while watching");

        var file = Path.Combine(web.WorkingDirectory, "from-web.txt");
        await File.WriteAllTextAsync(file, "from the web");
        await web.RunAsync("put", file, "/watched/from-web.txt").ShouldSucceedAsync();
        await WaitForAsync(() => Task.FromResult(File.Exists(laptop.PathOf("from-web.txt")) && laptop.Read("from-web.txt") == "from the web"));

        await stop.CancelAsync();
        var result = await watching.WaitAsync(Bound);
        Assert.True(result.ExitCode is ExitCodes.Ok or ExitCodes.Interrupted, $"exit {result.ExitCode}\n{result.Out}\n{result.Error}");
    }

    private static async Task<string?> CatAsync(CliRunner cli, string path)
    {
        var result = await cli.RunAsync("cat", path);
        return result.ExitCode == ExitCodes.Ok ? System.Text.Encoding.UTF8.GetString(result.Bytes) : null;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Bound, "not synced within the bound");
            await Task.Delay(200);
        }
    }
}

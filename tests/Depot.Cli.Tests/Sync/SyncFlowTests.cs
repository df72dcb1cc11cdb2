using System.Text.Json;
using System.Text.RegularExpressions;
using Depot.Cli.Output;
using Depot.Cli.Tests.Flows;
using Depot.Testing;

namespace Depot.Cli.Tests.Sync;

/// <summary>
/// <c>depot sync</c> against a real server: two machines' folders and edits made on the server itself, scripted so
/// that every rule meets its case; afterwards all sides are equal and every version anyone wrote still exists.
/// </summary>
public sealed class SyncFlowTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Two_folders_and_the_server_converge_and_no_written_version_is_lost()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        using var desktop = await SyncMachine.LoginAsync(server, username, "desktop");

        foreach (var (name, text) in new[]
        {
            ("notes.txt", "n0"), ("both.txt", "b0"), ("gone.txt", "g0"), ("keep.txt", "k0"), ("moved.txt", "m0"),
            ("docs/report.txt", "r0"), ("docs/plan.txt", "p0"), ("edit-vs-delete.txt", "e0"), ("server-del.txt", "s0"),
        })
        {
            laptop.Write(name, text);
        }

        laptop.Write(".DS_Store", "finder junk");
        laptop.Write("docs/.report.txt.swp", "vim swap");
        await laptop.SyncAsync("/sync").ShouldSucceedAsync();
        await desktop.SyncAsync("/sync").ShouldSucceedAsync();
        Assert.Equal(Synced(laptop), desktop.Files());
        Assert.DoesNotContain(".DS_Store", desktop.Files().Keys);

        // Edits on every side, including the hard cases.
        laptop.Write("notes.txt", "n1-laptop");                           // one side
        desktop.Write("keep.txt", "k1-desktop");                          // the other side
        laptop.Write("both.txt", "b1-laptop");                            // concurrent edits of one file
        desktop.Write("both.txt", "b1-desktop");
        File.Delete(laptop.PathOf("edit-vs-delete.txt"));                 // delete against edit
        desktop.Write("edit-vs-delete.txt", "e1-desktop");
        File.Delete(desktop.PathOf("gone.txt"));                          // a plain delete
        File.Move(desktop.PathOf("moved.txt"), desktop.PathOf("moved2.txt"));   // a rename
        Directory.Move(laptop.PathOf("docs"), laptop.PathOf("papers"));  // folder renamed on one side...
        await PutAsync(web, "/sync/docs/report.txt", "r1-web");          // ...while a file inside changes on the server
        await web.RunAsync("rm", "/sync/server-del.txt").ShouldSucceedAsync();   // server delete against a local edit
        laptop.Write("server-del.txt", "s1-laptop");
        laptop.Write("new.txt", "new-laptop");
        desktop.Write("photos/a.jpg", "img-desktop");

        await laptop.SyncAsync("/sync").ShouldSucceedAsync();
        var desktopPass = await desktop.SyncAsync("/sync").ShouldSucceedAsync();
        await laptop.SyncAsync("/sync").ShouldSucceedAsync();
        await desktop.SyncAsync("/sync").ShouldSucceedAsync();

        // A rename travels as a move, not a delete and an upload.
        Assert.Contains("moved.txt -> moved2.txt", desktopPass.Out);
        Assert.Matches(new Regex(@"both \(conflict from desktop \d{4}-\d\d-\d\d \d{4}\)\.txt"), desktopPass.Out);

        // Both folders and the server hold the same files.
        using var fresh = await SyncMachine.LoginAsync(server, username, "fresh");
        await fresh.SyncAsync("/sync").ShouldSucceedAsync();
        var final = Synced(laptop);
        Assert.Equal(final, Synced(desktop));
        Assert.Equal(final, fresh.Files());
        Assert.Equal(laptop.Folders(), desktop.Folders());

        // Every version anyone wrote is a file somewhere; the deleted originals are in the server's trash.
        foreach (var written in new[] { "n1-laptop", "k1-desktop", "b1-laptop", "b1-desktop", "e1-desktop", "m0", "r0", "r1-web", "p0", "s1-laptop", "new-laptop", "img-desktop" })
        {
            Assert.Contains(written, final.Values);
        }

        Assert.Equal("b1-laptop", final["both.txt"]);   // the server's version keeps the name
        Assert.Equal("b1-desktop", final.Single(f => f.Key.StartsWith("both (conflict from desktop", StringComparison.Ordinal)).Value);
        Assert.Equal("e1-desktop", final["edit-vs-delete.txt"]);
        Assert.Equal("r1-web", final["docs/report.txt"]);
        Assert.Equal("p0", final["papers/plan.txt"]);
        Assert.DoesNotContain("gone.txt", final.Keys);
        Assert.DoesNotContain("moved.txt", final.Keys);
        var trash = JsonSerializer.Deserialize((await web.RunAsync("trash", "ls", "--json").ShouldSucceedAsync()).Out, CliJsonContext.Default.IReadOnlyListTrashItem)!
            .Select(t => t.OriginalPath).ToList();
        Assert.Contains("/sync/gone.txt", trash);
        Assert.Contains("/sync/edit-vs-delete.txt", trash);
        Assert.Contains("/sync/server-del.txt", trash);

        // A pass with nothing to do changes nothing.
        var idle = await laptop.SyncAsync("/sync").ShouldSucceedAsync();
        Assert.Contains("0 uploaded, 0 downloaded, 0 moved, 0 deleted, 0 conflict(s), 0 error(s)", idle.Out);
    }

    [Fact]
    public async Task Dry_run_changes_nothing_and_json_reports_each_event_and_a_summary()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        laptop.Write("a.txt", "a");
        laptop.Write("sub/b.txt", "b");
        laptop.Write(".depotignore", "# build output\nbin/\n*.log\n");
        laptop.Write("bin/tool.exe", "x");
        laptop.Write("sub/run.log", "x");

        var dry = await laptop.SyncAsync("/dry", "--dry-run", "--json").ShouldSucceedAsync();
        var events = dry.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.All(events.SkipLast(1), e => Assert.True(e.GetProperty("dryRun").GetBoolean()));
        Assert.Equal(["/.depotignore", "/a.txt", "/sub/b.txt"], events.Where(e => e.GetProperty("event").GetString() == "upload")
            .Select(e => "/" + e.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        await web.RunAsync("ls", "/dry").ShouldFailWithAsync(ExitCodes.NotFound);

        var real = await laptop.SyncAsync("/dry", "--json").ShouldSucceedAsync();
        var summary = JsonDocument.Parse(real.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.Equal("summary", summary.GetProperty("event").GetString());
        Assert.Equal(3, summary.GetProperty("uploaded").GetInt32());
        Assert.True(summary.GetProperty("requests").GetInt64() > 0);
        await web.RunAsync("ls", "/dry/bin").ShouldFailWithAsync(ExitCodes.NotFound);
        await web.RunAsync("ls", "/dry/sub/run.log").ShouldFailWithAsync(ExitCodes.NotFound);
    }

    [Fact]
    public async Task A_name_the_server_refuses_is_reported_and_the_rest_is_synced()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        laptop.Write("fine.txt", "ok");
        laptop.Write("back\\slash.txt", "refused");

        var result = await laptop.SyncAsync("/names").ShouldFailWithAsync(ExitCodes.Error);
        Assert.Contains("back\\slash.txt", result.Error);
        Assert.Contains("1 error(s)", result.Out);
        Assert.Equal("ok", System.Text.Encoding.UTF8.GetString((await web.RunAsync("cat", "/names/fine.txt").ShouldSucceedAsync()).Bytes));
        Assert.True(File.Exists(laptop.PathOf("back\\slash.txt")));
    }

    [Fact]
    public async Task A_server_move_is_applied_locally_as_a_move_and_a_server_delete_removes_the_local_file()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        laptop.Write("a/big.bin", new string('x', 100_000));
        laptop.Write("b.txt", "b");
        await laptop.SyncAsync("/mv").ShouldSucceedAsync();

        await web.RunAsync("mkdir", "/mv/c").ShouldSucceedAsync();
        await web.RunAsync("mv", "/mv/a/big.bin", "/mv/c/big.bin").ShouldSucceedAsync();
        await web.RunAsync("rm", "/mv/b.txt").ShouldSucceedAsync();
        var pass = await laptop.SyncAsync("/mv", "--json").ShouldSucceedAsync();

        Assert.Contains("\"event\":\"move-local\",\"path\":\"a/big.bin -> c/big.bin\"", pass.Out);
        Assert.DoesNotContain("\"download\"", pass.Out);
        Assert.Equal(["c/big.bin"], laptop.Files().Keys);
    }

    [Fact]
    public async Task An_edit_that_keeps_size_and_second_right_after_a_sync_is_still_uploaded()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        laptop.Write("a.txt", "aaaa");
        var written = File.GetLastWriteTimeUtc(laptop.PathOf("a.txt"));
        // "Right after": the sync's clock stays at the write, however long a busy machine takes to run it. With the real
        // clock a first sync recorded more than a second after the write left the edit outside the racy window, where
        // no size-and-time rule (nor git's) can see it.
        laptop.Cli.Time = new FixedTime(new DateTimeOffset(written, TimeSpan.Zero));
        await laptop.SyncAsync("/racy").ShouldSucceedAsync();

        laptop.Write("a.txt", "bbbb");
        File.SetLastWriteTimeUtc(laptop.PathOf("a.txt"), written);
        var pass = await laptop.SyncAsync("/racy").ShouldSucceedAsync();
        Assert.Contains("1 uploaded", pass.Out);
        Assert.Equal("bbbb", System.Text.Encoding.UTF8.GetString((await web.RunAsync("cat", "/racy/a.txt").ShouldSucceedAsync()).Bytes));
    }

    private static SortedDictionary<string, string> Synced(SyncMachine machine) =>
        new(machine.Files().Where(f => !f.Key.EndsWith(".DS_Store", StringComparison.Ordinal) && !f.Key.EndsWith(".swp", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal);

    private static async Task PutAsync(CliRunner cli, string remote, string text)
    {
        var file = Path.Combine(cli.WorkingDirectory, Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(file, text);
        await cli.RunAsync("put", file, remote).ShouldSucceedAsync();
    }
}

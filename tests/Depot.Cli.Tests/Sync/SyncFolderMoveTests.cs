using Depot.Cli.Tests.Flows;
using Depot.Testing;

namespace Depot.Cli.Tests.Sync;

/// <summary>
/// A folder renamed on one side is one move on the other (one <c>POST /moves</c>, one local rename), found from the
/// state database; when the other side touched a file inside meanwhile, the files go one by one and no version is lost.
/// </summary>
public sealed class SyncFolderMoveTests(DepotServer server) : IClassFixture<DepotServer>
{
    private const int Files = 40;

    [Fact]
    public async Task A_renamed_folder_is_one_move_request_on_the_server_and_one_rename_on_the_other_machine()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        using var desktop = await SyncMachine.LoginAsync(server, username, "desktop");
        for (var i = 0; i < Files; i++)
        {
            laptop.Write($"album/{(i % 2 == 0 ? "" : "raw/")}img-{i:000}.jpg", $"photo {i}");
        }

        laptop.Write("album/same.txt", "same");      // two files of one content: the set of (path, SHA-256) must match
        laptop.Write("album/raw/same.txt", "same");
        await laptop.SyncAsync("/fm").ShouldSucceedAsync();
        await desktop.SyncAsync("/fm").ShouldSucceedAsync();

        Directory.CreateDirectory(laptop.PathOf("photos"));
        Directory.Move(laptop.PathOf("album"), laptop.PathOf("photos/2024"));
        var up = SyncEvents.Parse(await laptop.SyncAsync("/fm", "--json").ShouldSucceedAsync());
        Assert.Equal(["album -> photos/2024"], up.Of("move-remote"));
        Assert.Equal(["photos"], up.Of("mkdir-remote"));
        Assert.Equal(2, up.Actions.Count);
        // Listing the server as it was (/fm, album, album/raw: 3 requests), one folder created, one move.
        Assert.Equal(3 + 1 + 1, up.Requests);
        Assert.Equal(["2024"], await SyncNameTests.NamesAsync(web, "/fm/photos"));

        var down = SyncEvents.Parse(await desktop.SyncAsync("/fm", "--json").ShouldSucceedAsync());
        Assert.Equal(["album -> photos/2024"], down.Of("move-local"));
        Assert.Equal(["photos"], down.Of("mkdir-local"));
        Assert.Equal(2, down.Actions.Count);
        Assert.Equal(4, down.Requests);   // listings only: /fm, photos, photos/2024, photos/2024/raw
        Assert.Equal(laptop.Files(), desktop.Files());
        Assert.Equal(Files + 2, desktop.Files().Count);
        Assert.True(SyncEvents.Parse(await laptop.SyncAsync("/fm", "--json").ShouldSucceedAsync()).Idle);
        Assert.True(SyncEvents.Parse(await desktop.SyncAsync("/fm", "--json").ShouldSucceedAsync()).Idle);
    }

    [Fact]
    public async Task A_folder_renamed_on_the_server_while_a_file_inside_is_edited_locally_loses_no_version()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        laptop.Write("docs/a.txt", "a0");
        laptop.Write("docs/b.txt", "b0");
        laptop.Write("docs/c.txt", "c0");
        await laptop.SyncAsync("/fe").ShouldSucceedAsync();

        await web.RunAsync("mv", "/fe/docs", "/fe/papers").ShouldSucceedAsync();
        laptop.Write("docs/b.txt", "b1-laptop");
        await laptop.SyncAsync("/fe").ShouldSucceedAsync();
        await laptop.SyncAsync("/fe").ShouldSucceedAsync();

        // The doc's rule: the renamed folder, and the edited file at its old path; nothing lost.
        using var fresh = await SyncMachine.LoginAsync(server, username, "fresh");
        await fresh.SyncAsync("/fe").ShouldSucceedAsync();
        Assert.Equal(laptop.Files(), fresh.Files());
        Assert.Equal(["docs/b.txt", "papers/a.txt", "papers/b.txt", "papers/c.txt"], laptop.Files().Keys);
        Assert.Equal("b1-laptop", laptop.Read("docs/b.txt"));
        Assert.Equal("b0", laptop.Read("papers/b.txt"));
        Assert.Equal(["a0", "b0", "b1-laptop", "c0"], laptop.Files().Values.Order(StringComparer.Ordinal));
    }
}

using Depot.Client;
using Depot.Protocol;
using Depot.Protocol.Changes;
using Depot.Testing;

namespace Depot.Cli.Tests.Client;

/// <summary>Depot.Client's change feed against a real server: a page after the current cursor, and a watch that long-polls.</summary>
public sealed class ChangesClientTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task A_watch_yields_each_change_once_as_it_happens()
    {
        var user = await server.CreateUserAsync();
        using var http = server.CreateHttpClient();
        var client = new DepotClient(http) { AccessToken = user.Token };
        var cursor = await client.Changes.GetCursorAsync();
        await client.Files.CreateFolderAsync("/first");

        var page = await client.Changes.GetPageAsync(cursor);
        Assert.Equal(("created", "/first"), (Assert.Single(page.Changes).Kind, page.Changes[0].Path));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<ChangeInfo>();
        var watch = Task.Run(async () =>
        {
            await foreach (var change in client.Changes.WatchAsync(page.Cursor, TimeSpan.FromSeconds(10), timeout.Token))
            {
                seen.Add(change);
                if (seen.Count == 2)
                {
                    return;
                }
            }
        });
        await Task.Delay(200);
        await client.Files.CreateFolderAsync("/second");
        await client.Files.CreateFolderAsync("/third");
        await watch.WaitAsync(timeout.Token);

        Assert.Equal(["/second", "/third"], seen.Select(c => c.Path));
    }

    [Fact]
    public async Task Another_accounts_cursor_fails_with_invalid_cursor()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        using var http = server.CreateHttpClient();
        var client = new DepotClient(http) { AccessToken = alice.Token };
        var alices = await client.Changes.GetCursorAsync();
        client.AccessToken = bob.Token;

        var error = await Assert.ThrowsAsync<DepotApiException>(() => client.Changes.GetPageAsync(alices));
        Assert.Equal(ErrorCodes.InvalidCursor, error.Code);
    }
}

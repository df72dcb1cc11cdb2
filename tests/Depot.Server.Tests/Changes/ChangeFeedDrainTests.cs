using System.Diagnostics;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Server.Tests.Hosting;
using Depot.Testing;

namespace Depot.Server.Tests.Changes;

/// <summary>
/// A draining node does not sit on change-feed waits until the shutdown timeout: a long poll answers its (empty) page
/// and an event stream ends as soon as the drain begins, so clients ask another node and the node stops on time.
/// </summary>
public sealed class ChangeFeedDrainTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-feed-drain-");

    [Fact]
    public async Task A_long_poll_and_an_event_stream_end_when_the_node_starts_draining()
    {
        var server = await StandaloneServer.StartAsync(_data.FullName, "--urls=http://127.0.0.1:0", "--Depot:Shutdown:DrainDelay=00:00:05");
        var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "drain");
        using var user = await accounts.CreateUserAsync();
        var cursor = (await user.Http.GetFromJsonAsync("/api/v1/changes", DepotJsonContext.Default.ChangesPage))!.Cursor;

        var poll = user.Http.GetAsync($"/api/v1/changes?cursor={cursor}&wait=60");
        using var streamRequest = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/changes?cursor={cursor}");
        streamRequest.Headers.Accept.ParseAdd("text/event-stream");
        using var stream = await user.Http.SendAsync(streamRequest, HttpCompletionOption.ResponseHeadersRead);
        var body = stream.Content.ReadAsStringAsync();
        await Task.Delay(300);
        Assert.False(poll.IsCompleted || body.IsCompleted, "a wait ended before the drain");

        var clock = Stopwatch.StartNew();
        var stopping = server.DisposeAsync().AsTask();
        using var answered = await poll.WaitAsync(TimeSpan.FromSeconds(4));
        var page = (await answered.Content.ReadFromJsonAsync(DepotJsonContext.Default.ChangesPage))!;
        Assert.Empty(page.Changes);
        Assert.Equal(cursor, page.Cursor);
        Assert.StartsWith(": heartbeat", await body.WaitAsync(TimeSpan.FromSeconds(4)), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"the waits ended {clock.Elapsed} after the drain began");
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _data.Delete(recursive: true);
}

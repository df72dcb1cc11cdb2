using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Depot.Client;
using Depot.Protocol.Changes;
using Xunit.Abstractions;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// The cluster test of issue 12: three nodes on one PostgreSQL and one S3 bucket behind HAProxy, a mixed load from
/// several clients (REST, tus with resume, WebDAV PUT/PROPFIND/MOVE, listings, link downloads), and a node killed
/// with SIGKILL every few seconds and started again. Nothing may fail after the clients' documented retries, and
/// every acknowledged write reads back, with the hash the client recorded, from every node; a client following the
/// change feed through HAProxy sees every change exactly once, in the feed's order.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class KillNodeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Clients = 4;
    private static readonly TimeSpan LoadTime = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan UpTimeout = TimeSpan.FromSeconds(30);

    private ThreeNodeCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await ThreeNodeCluster.StartAsync("kill", output, "--Depot:Limits:UserRequestsPerSecond=0");

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Killing_a_random_node_every_few_seconds_fails_no_retried_operation_and_loses_no_acknowledged_write()
    {
        using var alice = await _cluster.Nodes[0].CreateUserAsync();
        using var http = new HttpClient { BaseAddress = _cluster.Address, Timeout = TimeSpan.FromSeconds(60) };
        var api = new DepotClient(http) { AccessToken = alice.Token };
        using var dav = new HttpClient { BaseAddress = _cluster.Address, Timeout = TimeSpan.FromSeconds(60) };
        dav.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);
        using var anonymous = new HttpClient { BaseAddress = _cluster.Address, Timeout = TimeSpan.FromSeconds(60) };
        var clock = Stopwatch.StartNew();
        var link = await CreateLinkAsync(api);
        var clients = new List<ChaosClient>();
        for (var i = 0; i < Clients; i++)
        {
            var client = new ChaosClient(i, api, dav, anonymous, link, clock);
            await api.Files.CreateFolderAsync(client.RestFolder, parents: true);
            await api.Files.CreateFolderAsync(client.DavFolder, parents: true);
            clients.Add(client);
        }

        // A sync client follows the change feed through HAProxy all along, long polls cut by the kills included.
        var start = await api.Changes.GetCursorAsync();
        var followed = new ConcurrentQueue<ChangeInfo>();
        using var unfollow = new CancellationTokenSource();
        var follower = FollowAsync(api, start, followed, unfollow.Token);

        using var stop = new CancellationTokenSource();
        var load = clients.Select(client => Task.Run(() => client.RunAsync(stop.Token))).ToArray();
        var kills = await KillNodesAsync(clock);
        stop.Cancel();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromMinutes(2));
        var loadTime = clock.Elapsed;

        var end = await api.Changes.GetCursorAsync();
        var caughtUp = Stopwatch.StartNew();
        while (followed.LastOrDefault()?.Cursor != end && !follower.IsCompleted && caughtUp.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        await unfollow.CancelAsync();
        var followerFailure = await follower;

        // Every acknowledged write, read from each node directly: a read after an acknowledgement sees it anywhere.
        var lost = new List<string>();
        var acknowledged = clients.SelectMany(c => c.Acknowledged).ToList();
        for (var node = 0; node < ThreeNodeCluster.Size; node++)
        {
            using var direct = _cluster.Nodes[node].CreateHttpClient(alice.Token);
            foreach (var (path, sha) in acknowledged)
            {
                var read = await direct.DownloadAsync(path);
                if (read.Status != HttpStatusCode.OK || read.Sha256 != sha)
                {
                    lost.Add($"{ThreeNodeCluster.Name(node)} {path}: {(int)read.Status} {read.Sha256} (expected {sha})");
                }
            }
        }

        // The whole feed since the start, read again from one node: the follower saw exactly it, each change once, and
        // every acknowledged write is in it.
        using var node0 = new HttpClient { BaseAddress = _cluster.Nodes[0].Address };
        var feed = await ReadFeedAsync(new DepotClient(node0) { AccessToken = alice.Token }, start);
        var followedCursors = followed.Select(c => c.Cursor).ToList();
        var feedProblems = new List<string>();
        if (followerFailure is not null)
        {
            feedProblems.Add($"the follower failed: {followerFailure}");
        }

        if (!followedCursors.SequenceEqual(feed.Select(c => c.Cursor)))
        {
            feedProblems.Add($"the follower saw {followedCursors.Count} changes ({followedCursors.Distinct().Count()} distinct), the feed holds {feed.Count}");
        }

        var paths = feed.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        feedProblems.AddRange(acknowledged.Where(a => !paths.Contains(a.Key)).Select(a => $"no change in the feed for {a.Key}").Take(10));

        foreach (var line in kills)
        {
            output.WriteLine(line);
        }

        var failures = clients.SelectMany(c => c.Failures).ToList();
        var operations = clients.SelectMany(c => c.Operations).GroupBy(o => o.Key).Select(g => $"{g.Key} {g.Sum(o => o.Value)}");
        output.WriteLine($"{kills.Count} nodes killed in {loadTime.TotalSeconds:0.0} s; operations: {string.Join(", ", operations)}; " +
            $"WebDAV/link retries {clients.Sum(c => c.Retries)}; {acknowledged.Count} acknowledged writes read back from " +
            $"{ThreeNodeCluster.Size} nodes; {failures.Count} failed, {lost.Count} lost or wrong");
        output.WriteLine($"change feed: {feed.Count} changes, followed through HAProxy by long polls of 5 s: {followed.Count} seen");
        Assert.True(feedProblems.Count == 0, "Change feed:\n" + string.Join('\n', feedProblems));
        Assert.True(failures.Count == 0, "Operations that failed after their retries:\n" + string.Join('\n', failures.Take(30)));
        Assert.True(lost.Count == 0, "Acknowledged writes that did not read back:\n" + string.Join('\n', lost.Take(30)));
        Assert.True(kills.Count >= 3, "the load ended before enough nodes were killed");
        Assert.True(acknowledged.Count > 100, $"only {acknowledged.Count} writes were acknowledged: the load did not run");
    }

    // Long polls (5 s) from the start cursor until cancelled; null, or why the follower gave up.
    private static Task<Exception?> FollowAsync(DepotClient api, string start, ConcurrentQueue<ChangeInfo> followed, CancellationToken stop) =>
        Task.Run(async () =>
        {
            try
            {
                await foreach (var change in api.Changes.WatchAsync(start, TimeSpan.FromSeconds(5), stop))
                {
                    followed.Enqueue(change);
                }

                return null;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return (Exception?)null;
            }
            catch (Exception e)
            {
                return e;
            }
        });

    private static async Task<List<ChangeInfo>> ReadFeedAsync(DepotClient api, string cursor)
    {
        var all = new List<ChangeInfo>();
        while (true)
        {
            var page = await api.Changes.GetPageAsync(cursor, limit: 1000);
            all.AddRange(page.Changes);
            cursor = page.Cursor;
            if (!page.HasMore)
            {
                return all;
            }
        }
    }

    // A folder of files written before the load, shared by a read-only link the clients download from.
    private static async Task<ChaosClient.Link> CreateLinkAsync(DepotClient api)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var random = new Random(99);
        await api.Files.CreateFolderAsync("/chaos/linked", parents: true);
        for (var i = 0; i < 5; i++)
        {
            var content = new byte[random.Next(1, 256 * 1024)];
            random.NextBytes(content);
            using var stream = new MemoryStream(content);
            await api.Files.UploadAsync($"/chaos/linked/file {i}.bin", stream);
            files[$"file {i}.bin"] = Convert.ToHexStringLower(global::System.Security.Cryptography.SHA256.HashData(content));
        }

        var created = await api.Links.CreateAsync("/chaos/linked");
        return new ChaosClient.Link(created.Token, files);
    }

    // SIGKILL a random node every 2–4 s, start it again a second later, and wait until HAProxy sends it requests again.
    private async Task<List<string>> KillNodesAsync(Stopwatch clock)
    {
        var random = new Random(7);
        var kills = new List<string>();
        var end = clock.Elapsed + LoadTime;
        while (clock.Elapsed < end)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2000, 4000)));
            var index = random.Next(ThreeNodeCluster.Size);
            var node = _cluster.Nodes[index];
            var name = ThreeNodeCluster.Name(index);
            var killed = clock.Elapsed;
            await node.KillAsync();
            await _cluster.Haproxy.WaitForStatusAsync(name, "DOWN", TimeSpan.FromSeconds(10));
            var down = clock.Elapsed;
            await Task.Delay(1000);
            var started = clock.Elapsed;
            await node.StartAsync();
            await _cluster.Haproxy.WaitForStatusAsync(name, "UP", UpTimeout);
            kills.Add($"{killed.TotalSeconds:0.0}s {name} killed: out of rotation after {(down - killed).TotalSeconds:0.00} s, " +
                $"serving again {(clock.Elapsed - started).TotalSeconds:0.00} s after its restart");
        }

        return kills;
    }
}

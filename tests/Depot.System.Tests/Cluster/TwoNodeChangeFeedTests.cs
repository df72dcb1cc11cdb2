using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Changes;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// The change feed across two server processes on one PostgreSQL database (issue 12, "a change feed"): a long poll
/// waiting on one node is woken by a write on the other (LISTEN/NOTIFY), and writes to one tree through both nodes at
/// once reach a follower exactly once each, with cursors 1, 2, 3, … and nothing skipped.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class TwoNodeChangeFeedTests(TwoNodeChangeFeedTests.Nodes nodes, ITestOutputHelper output) : IClassFixture<TwoNodeChangeFeedTests.Nodes>
{
    // The write and the notification take milliseconds; the bound leaves room for a loaded 2-core machine.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    /// <summary>Both nodes, started once for the class; each test works in accounts of its own.</summary>
    public sealed class Nodes : IAsyncLifetime
    {
        private readonly DirectoryInfo _key = Directory.CreateTempSubdirectory("depot-two-node-feed-");

        public DepotProcess A { get; private set; } = null!;

        public DepotProcess B { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            string[] arguments = [.. TestMetadata.PostgresArguments(_key.FullName)];
            A = new DepotProcess(extraArguments: arguments);
            B = new DepotProcess(extraArguments: arguments);
            await A.StartAsync();
            await B.StartAsync();
        }

        public async Task DisposeAsync()
        {
            await B.DisposeAsync();
            await A.DisposeAsync();
            _key.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_long_poll_on_one_node_is_woken_by_a_write_on_the_other()
    {
        using var alice = await nodes.A.CreateUserAsync();
        using var onB = nodes.B.CreateHttpClient(alice.Token);
        var cursor = (await onB.GetFromJsonAsync("/api/v1/changes", DepotJsonContext.Default.ChangesPage))!.Cursor;

        var latencies = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var poll = GetAsync(onB, $"/api/v1/changes?cursor={cursor}&wait=30");
            await Task.Delay(200);
            Assert.False(poll.IsCompleted, "the poll answered before anything changed");
            var clock = Stopwatch.StartNew();
            using (var put = await alice.Http.PutAsync($"/api/v1/files/from-a-{i}.txt", new StringContent("a")))
            {
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            }

            var page = await poll.WaitAsync(Bound);
            latencies.Add(clock.Elapsed);
            Assert.Equal($"/from-a-{i}.txt", Assert.Single(page.Changes).Path);
            cursor = page.Cursor;
        }

        output.WriteLine($"PUT on A to long poll answered on B: {string.Join(", ", latencies.Select(l => l.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)))} ms");
        Assert.All(latencies, l => Assert.True(l < Bound, $"woken after {l}"));
    }

    [Fact]
    public async Task Writes_through_both_nodes_reach_a_follower_once_each_with_no_cursor_skipped()
    {
        const int PerNode = 20;
        using var alice = await nodes.A.CreateUserAsync();
        using var onB = nodes.B.CreateHttpClient(alice.Token);
        var cursor = (await onB.GetFromJsonAsync("/api/v1/changes", DepotJsonContext.Default.ChangesPage))!.Cursor;

        var seen = new List<ChangeInfo>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var follower = Task.Run(async () =>
        {
            while (seen.Count < 2 * PerNode)
            {
                var page = await GetAsync(onB, $"/api/v1/changes?cursor={cursor}&wait=10", timeout.Token);
                seen.AddRange(page.Changes);
                cursor = page.Cursor;
            }
        });
        await Task.WhenAll(WriteAsync(alice.Http, "a"), WriteAsync(nodes.B.CreateHttpClient(alice.Token), "b"));
        await follower.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2 * PerNode, seen.Count);
        Assert.Equal(2 * PerNode, seen.Select(c => c.Path).Distinct().Count());
        var seqs = seen.Select(c => long.Parse(c.Cursor[..c.Cursor.IndexOf('-')], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(s => (long)s), seqs);

        async Task WriteAsync(HttpClient http, string node)
        {
            using (http)
            {
                for (var i = 0; i < PerNode; i++)
                {
                    using var put = await http.PutAsync($"/api/v1/files/{node}-{i}.txt", new StringContent(node));
                    Assert.Equal(HttpStatusCode.Created, put.StatusCode);
                }
            }
        }
    }

    private static async Task<ChangesPage> GetAsync(HttpClient http, string uri, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(uri, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.ChangesPage, cancellationToken))!;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// A rolling restart behind a real HAProxy (issue 12): three nodes on one PostgreSQL database and one S3 bucket, clients
/// writing and reading small files through HAProxy, while each node in turn gets SIGTERM, drains, exits 0 and is
/// started again. The clients retry nothing, so a request lost by a stopping node shows as a failure; HAProxy
/// retries only connection failures, and its counters show whether it had to (a node that stopped listening while
/// still in rotation): with the drain it never does. Every acknowledged write then reads back, through
/// HAProxy, with the hash the client recorded.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class RollingRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Nodes = ThreeNodeCluster.Size;
    private const int Clients = 4;
    // Twice what HAProxy needs here (one failed check, every 500 ms) to stop sending new requests.
    private const string DrainDelay = "00:00:02";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan UpTimeout = TimeSpan.FromSeconds(20);

    private ThreeNodeCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await ThreeNodeCluster.StartAsync("rolling", output, $"--Depot:Shutdown:DrainDelay={DrainDelay}");

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restarting_every_node_in_turn_under_load_fails_no_request_and_loses_no_write()
    {
        using var alice = await _cluster.Nodes[0].CreateUserAsync();
        using var http = new HttpClient { BaseAddress = _cluster.Haproxy.Address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", alice.Token);

        var ledger = new ConcurrentDictionary<string, string>();
        var failures = new ConcurrentQueue<string>();
        var requests = 0;
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var load = Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var path = $"/rolling/c{client}/{n}.bin";
                var content = new byte[random.Next(1, 64 * 1024)];
                random.NextBytes(content);
                var sha = Convert.ToHexStringLower(SHA256.HashData(content));
                try
                {
                    Interlocked.Increment(ref requests);
                    using (var put = await http.UploadAsync(path, FilesApi.Bytes(content)))
                    {
                        if (put.StatusCode != HttpStatusCode.Created)
                        {
                            failures.Enqueue($"{clock.Elapsed.TotalSeconds:0.000}s PUT {path}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
                            continue;
                        }
                    }

                    ledger[path] = sha;
                    var earlier = $"/rolling/c{client}/{random.Next(0, n + 1)}.bin";
                    Interlocked.Increment(ref requests);
                    var read = await http.DownloadAsync(earlier);
                    if (ledger.TryGetValue(earlier, out var expected) && (read.Status != HttpStatusCode.OK || read.Sha256 != expected))
                    {
                        failures.Enqueue($"{clock.Elapsed.TotalSeconds:0.000}s GET {earlier}: {(int)read.Status} {read.Sha256} (expected {expected})");
                    }
                }
                catch (HttpRequestException e)
                {
                    failures.Enqueue($"{clock.Elapsed.TotalSeconds:0.000}s {path}: {e.Message}");
                }
            }
        })).ToArray();

        var restarts = new List<string>();
        for (var i = 0; i < Nodes; i++)
        {
            var node = _cluster.Nodes[i];
            var name = ThreeNodeCluster.Name(i);
            await Task.Delay(500);
            var began = clock.Elapsed;
            var stopping = node.TerminateAsync(StopTimeout);
            await _cluster.Haproxy.WaitForStatusAsync(name, "DOWN", TimeSpan.FromSeconds(5));
            var down = clock.Elapsed;
            Assert.Equal(0, await stopping);
            var exited = clock.Elapsed;
            await node.StartAsync();
            await _cluster.Haproxy.WaitForStatusAsync(name, "UP", UpTimeout);
            restarts.Add($"{name}: out of rotation {(down - began).TotalSeconds:0.00} s after SIGTERM, exited 0 after {(exited - began).TotalSeconds:0.00} s, back UP after {(clock.Elapsed - began).TotalSeconds:0.00} s");
        }

        await Task.Delay(500);
        stop.Cancel();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(60));
        var loadTime = clock.Elapsed;

        var lost = new List<string>();
        foreach (var (path, sha) in ledger)
        {
            var read = await http.DownloadAsync(path);
            if (read.Status != HttpStatusCode.OK || read.Sha256 != sha)
            {
                lost.Add($"{path}: {(int)read.Status} {read.Sha256} (expected {sha})");
            }
        }

        foreach (var line in restarts)
        {
            output.WriteLine(line);
        }

        // HAProxy retries a refused connection on another node, so a node that stopped listening while still in
        // rotation would cost the client nothing here, yet shows in these counters: with the drain, no request ever
        // meets a node that is not serving, so HAProxy has nothing to retry.
        var errors = new List<string>();
        for (var i = 0; i < Nodes; i++)
        {
            var stats = await _cluster.Haproxy.StatsAsync(ThreeNodeCluster.Name(i));
            var line = $"node{i}: {stats["stot"]} sessions, econ {stats["econ"]}, eresp {stats["eresp"]}, wretr {stats["wretr"]}, wredis {stats["wredis"]}";
            output.WriteLine(line);
            if (new[] { "econ", "eresp", "wretr", "wredis" }.Any(column => stats[column] is not ("" or "0")))
            {
                errors.Add(line);
            }
        }

        output.WriteLine($"{requests} requests by {Clients} clients through HAProxy in {loadTime.TotalSeconds:0.0} s, {ledger.Count} acknowledged writes, " +
            $"{failures.Count} failed, {lost.Count} lost or wrong");
        Assert.True(failures.IsEmpty, "Failed requests:\n" + string.Join('\n', failures.Take(30)));
        Assert.True(errors.Count == 0, "HAProxy met nodes that were not serving:\n" + string.Join('\n', errors));
        Assert.True(lost.Count == 0, "Acknowledged writes that did not read back:\n" + string.Join('\n', lost.Take(30)));
        Assert.True(ledger.Count > 50, $"only {ledger.Count} writes were acknowledged: the load did not run");
        Assert.Contains("Drain delay over", string.Concat(_cluster.Nodes.Select(n => n.AllOutput)), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Users;
using Xunit.Abstractions;
using static Depot.System.Tests.Cluster.SecretProbe;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// The rules that must hold cluster-wide (issue 12's cluster test), on the three-node cluster (PostgreSQL, S3, HAProxy):
/// the quota stays exact with parallel uploads spread over every node, the brute-force limit holds with the attempts
/// spread over every node, and a revoked token is refused by every node within a second. Requests go to each node
/// directly and through HAProxy in turn, so no rule can lean on one node seeing everything.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class ClusterRulesTests(ClusterRulesTests.Cluster cluster, ITestOutputHelper output) : IClassFixture<ClusterRulesTests.Cluster>
{
    /// <summary>The cluster, started once for the class; each test works in accounts of its own.</summary>
    public sealed class Cluster : IAsyncLifetime
    {
        internal ThreeNodeCluster Nodes { get; private set; } = null!;

        // Five free failures per account (the default), then a wait longer than the test; every request comes from
        // 127.0.0.1, so the address allowance is out of the way.
        public async Task InitializeAsync() => Nodes = await ThreeNodeCluster.StartAsync("rules", null,
            "--Depot:Throttle:FirstDelay=00:10:00", "--Depot:Throttle:FreeFailuresPerAddress=10000",
            "--Depot:Limits:UserRequestsPerSecond=0");

        public async Task DisposeAsync()
        {
            if (Nodes is not null)
            {
                await Nodes.DisposeAsync();
            }
        }

        /// <summary>One client per node and one through HAProxy, with <paramref name="token"/> when given.</summary>
        public HttpClient[] Clients(string? token = null) =>
        [
            .. Nodes.Nodes.Select(node => token is null ? node.CreateHttpClient() : node.CreateHttpClient(token)),
            Client(Nodes.Address, token),
        ];

        private static HttpClient Client(Uri address, string? token)
        {
            var http = new HttpClient { BaseAddress = address };
            if (token is not null)
            {
                http.DefaultRequestHeaders.Authorization = Bearer(token);
            }

            return http;
        }
    }

    [Fact]
    public async Task Parallel_uploads_spread_over_every_node_never_pass_the_quota()
    {
        const int size = 4096;
        using var alice = await cluster.Nodes.Nodes[0].CreateUserAsync(quotaBytes: 10 * size + size / 2);
        var clients = cluster.Clients(alice.Token);
        try
        {
            var uploads = Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
            {
                using var response = await clients[i % clients.Length].UploadAsync($"/edge/{i}.bin", FilesApi.Bytes(new byte[size]));
                return response.StatusCode;
            }));
            var statuses = await Task.WhenAll(uploads);

            Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(14, statuses.Count(s => s == HttpStatusCode.InsufficientStorage));
            foreach (var http in clients)
            {
                Assert.Equal(10 * size, (await MeAsync(http)).UsedBytes);
            }
        }
        finally
        {
            Dispose(clients);
        }
    }

    // A 503 with Retry-After (a node busy under the CI's load) is retried as the API asks of clients; its body is
    // written to the output, so a recurring one names its code.
    private async Task<UserInfo> MeAsync(HttpClient http)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.GetAsync("/api/v1/me");
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 3)
            {
                response.EnsureSuccessStatusCode();
                return (await response.Content.ReadFromJsonAsync(DepotJsonContext.Default.UserInfo))!;
            }

            output.WriteLine($"GET /api/v1/me answered 503 (attempt {attempt}): {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task Wrong_passwords_spread_over_every_node_are_throttled_as_on_one()
    {
        using var bob = await cluster.Nodes.Nodes[0].CreateUserAsync();
        var clients = cluster.Clients();
        try
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 16; i++)
            {
                using var response = await clients[i % clients.Length].PostAsJsonAsync("/api/v1/auth/token",
                    new TokenRequest(bob.Username, "wrong-" + i), DepotJsonContext.Default.TokenRequest);
                statuses.Add(response.StatusCode);
            }

            // Five free failures and the sixth that starts the back-off are checked; every later one waits, on any node.
            // Counted per node, each of the four ways in would have had five free failures of its own.
            Assert.Equal(
                [.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 6), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 10)],
                statuses);
        }
        finally
        {
            Dispose(clients);
        }
    }

    [Fact]
    public async Task A_token_revoked_through_haproxy_is_refused_by_every_node_within_a_second()
    {
        using var carol = await cluster.Nodes.Nodes[0].CreateUserAsync();
        using var created = await carol.Http.PostAsJsonAsync("/api/v1/me/tokens", new CreateTokenRequest("cluster", null),
            DepotJsonContext.Default.CreateTokenRequest);
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedToken))!;
        var credentials = Bearer(token.Token);
        var clients = cluster.Clients();
        try
        {
            var nodes = clients[..ThreeNodeCluster.Size];
            await AcceptedByAllAsync(credentials, nodes);

            using (var revoked = await clients[^1].SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/me/tokens/{token.Info.Id}")
            {
                Headers = { Authorization = Bearer(carol.Token) },
            }))
            {
                revoked.EnsureSuccessStatusCode();
            }

            var refused = await Task.WhenAll(nodes.Select(http => RefusedAfterAsync(http, credentials)));
            output.WriteLine($"refused by the nodes {string.Join(", ", refused.Select(t => $"{t.TotalMilliseconds:F0}"))} ms after the revocation");
            Assert.All(refused, after => Assert.True(after < TimeSpan.FromSeconds(1), $"refused only after {after}"));
        }
        finally
        {
            Dispose(clients);
        }
    }

    private static void Dispose(IEnumerable<HttpClient> clients)
    {
        foreach (var http in clients)
        {
            http.Dispose();
        }
    }
}

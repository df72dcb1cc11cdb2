using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Users;
using Depot.Testing;
using Xunit.Abstractions;
using static Depot.System.Tests.Cluster.SecretProbe;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// Two server processes on one PostgreSQL database (issue 12, "no node-local state that matters"): failed secret checks
/// spread over both nodes count as if on one, and what one node revokes (a token, an app password, a password, an
/// account) the other refuses within a second, though it had just answered the secret from its cache; and a node that
/// owns a user's tree and answers it from memory never hides a write made through the other, even while it is frozen.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class TwoNodeCacheTests(TwoNodeCacheTests.Nodes nodes, ITestOutputHelper output) : IClassFixture<TwoNodeCacheTests.Nodes>
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    /// <summary>Both nodes, started once for the class; each test works in accounts of its own.</summary>
    public sealed class Nodes : IAsyncLifetime
    {
        // Five free failures per account (the default), then a wait long enough that no attempt in the test outlives it;
        // the address allowance is out of the way, as every request comes from 127.0.0.1.
        private static readonly string[] Throttle =
            ["--Depot:Throttle:FirstDelay=00:10:00", "--Depot:Throttle:FreeFailuresPerAddress=10000"];

        private readonly DirectoryInfo _key = Directory.CreateTempSubdirectory("depot-two-node-cache-");

        public DepotProcess A { get; private set; } = null!;

        public DepotProcess B { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            string[] arguments = [.. TestMetadata.PostgresArguments(_key.FullName), .. Throttle];
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
    public async Task Wrong_passwords_spread_over_both_nodes_are_throttled_as_on_one()
    {
        using var alice = await nodes.A.CreateUserAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            using var http = (i % 2 == 0 ? nodes.A : nodes.B).CreateHttpClient();
            using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(alice.Username, "wrong-" + i),
                DepotJsonContext.Default.TokenRequest);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
            }

            statuses.Add(response.StatusCode);
        }

        // Five free failures and the sixth that starts the back-off are checked; every later one waits, on either node.
        // Counted per node, each would have had five free failures of its own: ten 401s.
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 6), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 6)], statuses);
    }

    [Fact]
    public async Task A_token_revoked_on_one_node_is_refused_on_the_other_within_a_second()
    {
        using var bob = await nodes.A.CreateUserAsync();
        using var created = await bob.Http.PostAsJsonAsync("/api/v1/me/tokens", new CreateTokenRequest("cluster", null),
            DepotJsonContext.Default.CreateTokenRequest);
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedToken))!;
        var onB = Bearer(token.Token);
        await AcceptedOnBothAsync(onB);

        using (var revoked = await bob.Http.DeleteAsync($"/api/v1/me/tokens/{token.Info.Id}"))
        {
            revoked.EnsureSuccessStatusCode();
        }

        Assert.True(await RefusedOnBAsync(onB) < Target);
    }

    [Fact]
    public async Task An_app_password_revoked_on_one_node_is_refused_on_the_other_within_a_second()
    {
        using var carol = await nodes.A.CreateUserAsync();
        using var created = await carol.Http.PostAsJsonAsync("/api/v1/me/app-passwords", new CreateAppPasswordRequest("cluster"),
            DepotJsonContext.Default.CreateAppPasswordRequest);
        created.EnsureSuccessStatusCode();
        var appPassword = (await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedAppPassword))!;
        var basic = Basic(carol.Username, appPassword.Password);
        await AcceptedOnBothAsync(basic);

        using (var revoked = await carol.Http.DeleteAsync($"/api/v1/me/app-passwords/{appPassword.Info.Id}"))
        {
            revoked.EnsureSuccessStatusCode();
        }

        Assert.True(await RefusedOnBAsync(basic) < Target);
    }

    [Fact]
    public async Task A_password_changed_on_one_node_ends_the_other_sessions_and_the_old_password_on_the_other()
    {
        using var dave = await nodes.A.CreateUserAsync();
        var otherSession = Bearer(await nodes.A.SignInAsync(dave.Username, dave.Password));
        var oldPassword = Basic(dave.Username, dave.Password);
        await AcceptedOnBothAsync(otherSession);
        await AcceptedOnBothAsync(oldPassword);

        using (var changed = await dave.Http.PutAsJsonAsync("/api/v1/me/password",
            new ChangePasswordRequest(dave.Password, "pw-changed-" + Guid.NewGuid().ToString("N")), DepotJsonContext.Default.ChangePasswordRequest))
        {
            changed.EnsureSuccessStatusCode();
        }

        Assert.True(await RefusedOnBAsync(otherSession) < Target);
        Assert.True(await RefusedOnBAsync(oldPassword) < Target);
    }

    [Fact]
    public async Task An_account_disabled_on_one_node_is_refused_on_the_other_within_a_second()
    {
        using var erin = await nodes.A.CreateUserAsync();
        var token = Bearer(erin.Token);
        await AcceptedOnBothAsync(token);

        using var admin = await nodes.A.CreateAdminHttpClientAsync();
        using (var disabled = await admin.PatchAsJsonAsync($"/api/v1/users/{erin.Username}", new UpdateUserRequest(Disabled: true),
            DepotJsonContext.Default.UpdateUserRequest))
        {
            disabled.EnsureSuccessStatusCode();
        }

        Assert.True(await RefusedOnBAsync(token) < Target);
    }

    [Fact]
    public async Task A_write_through_one_node_while_the_node_that_owns_the_tree_is_frozen_commits_after_the_grace_and_the_thawed_owner_reads_it()
    {
        // Tree ownership (docs/architecture.md): node A answers frank's walks from memory once it owns his tree. Frozen
        // (SIGSTOP), it cannot let go when node B's writer asks; the writer ends A's listening session after 5 s, and A,
        // thawed, no longer serves what it kept (its last answered round trip is older than 3 s) and reads the new file.
        using var frank = await nodes.A.CreateUserAsync();
        using var onB = nodes.B.CreateHttpClient(frank.Token);
        using (var put = await frank.Http.UploadAsync("/x/f.txt", FilesApi.Bytes("one"u8.ToArray())))
        {
            put.EnsureSuccessStatusCode();
        }

        // Read on A until a read of frank's file is answered from memory (A's walk hits go up by it: nobody else reads).
        using var metrics = nodes.A.CreateHttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var hits = await WalkHitsAsync(metrics);
            Assert.Equal("one", await frank.Http.GetStringAsync(FilesApi.Route("files", "/x/f.txt")));
            if (await WalkHitsAsync(metrics) > hits)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "node A never answered frank's walk from memory");
            await Task.Delay(50);
        }

        var pid = nodes.A.ProcessId!.Value;
        await SignalAsync("STOP", pid);
        var written = Stopwatch.StartNew();
        try
        {
            using var put = await onB.UploadAsync("/x/f.txt", FilesApi.Bytes("two"u8.ToArray()));
            put.EnsureSuccessStatusCode();
            output.WriteLine($"the write through node B committed after {written.Elapsed.TotalSeconds:F1} s");
            Assert.InRange(written.Elapsed, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(30));
        }
        finally
        {
            await SignalAsync("CONT", pid);
        }

        Assert.Equal("two", await frank.Http.GetStringAsync(FilesApi.Route("files", "/x/f.txt")));
    }

    private static async Task<double> WalkHitsAsync(HttpClient metrics)
    {
        var line = (await metrics.GetStringAsync("/metrics")).Split('\n').FirstOrDefault(l =>
            l.StartsWith("depot_owned_tree_reads_total{", StringComparison.Ordinal) &&
            l.Contains("kind=\"walk\"", StringComparison.Ordinal) && l.Contains("result=\"hit\"", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private async Task AcceptedOnBothAsync(AuthenticationHeaderValue credentials)
    {
        using var a = nodes.A.CreateHttpClient();
        using var b = nodes.B.CreateHttpClient();
        await AcceptedByAllAsync(credentials, a, b);
    }

    private async Task<TimeSpan> RefusedOnBAsync(AuthenticationHeaderValue credentials)
    {
        using var http = nodes.B.CreateHttpClient();
        var refused = await RefusedAfterAsync(http, credentials);
        output.WriteLine($"refused on node B {refused.TotalMilliseconds:F0} ms after the change on node A");
        return refused;
    }
}

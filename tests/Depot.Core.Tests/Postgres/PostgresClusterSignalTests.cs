using System.Diagnostics;
using Dapper;
using Depot.Core.Accounts;
using Depot.Core.Cluster;
using Depot.Core.Data;
using Depot.Protocol.Auth;
using Depot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// Two nodes' account stores on one PostgreSQL database, each with its own pool and its own listening connection:
/// what one node revokes, the other stops answering from its token cache within a second, also after the listening
/// connection was killed and came back.
/// </summary>
public sealed class PostgresClusterSignalTests : IAsyncLifetime
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);
    private readonly string _connectionString = PostgresServer.Shared.CreateDatabase("signal");
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _listeners = [];
    private PostgresDatabase _databaseA = null!;
    private PostgresDatabase _databaseB = null!;
    private PostgresClusterSignal _signalA = null!;
    private PostgresClusterSignal _signalB = null!;
    private SqlAccountStore _nodeA = null!;
    private SqlAccountStore _nodeB = null!;

    public async Task InitializeAsync()
    {
        _databaseA = new PostgresDatabase(_connectionString);
        _databaseB = new PostgresDatabase(_connectionString);
        await new Migrator(_databaseA, TimeProvider.System).MigrateAsync(CancellationToken.None);
        _signalA = new PostgresClusterSignal(_databaseA, TimeProvider.System, NullLogger<PostgresClusterSignal>.Instance);
        _signalB = new PostgresClusterSignal(_databaseB, TimeProvider.System, NullLogger<PostgresClusterSignal>.Instance);
        _nodeA = new SqlAccountStore(_databaseA, _signalA);
        _nodeB = new SqlAccountStore(_databaseB, _signalB);
        _listeners.Add(_signalA.RunAsync(_stop.Token));
        _listeners.Add(_signalB.RunAsync(_stop.Token));
        await WaitUntilAsync(() => _signalA.Listening && _signalB.Listening, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_listeners).WaitAsync(TimeSpan.FromSeconds(10));
        _databaseA.Dispose();
        _databaseB.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task A_token_revoked_on_one_node_is_refused_on_the_other_within_a_second()
    {
        var (user, hash, token) = await CreateUserWithTokenAsync("alice");
        var other = await CreateTokenAsync(user, "alice-2");
        await CachedOnBothAsync(hash);
        await CachedOnBothAsync("alice-2");

        await _nodeB.DeleteTokenAsync(user.Id, token.Id, default);
        Assert.True(await RefusedOnAAsync(hash) < Target);
        // Only the revoked token was forgotten: the other is still served (from the cache or the database).
        Assert.Equal(other.Id, (await _nodeA.FindTokenAsync("alice-2", DateTimeOffset.UtcNow, default))!.Value.Token.Id);
    }

    [Fact]
    public async Task A_user_disabled_on_one_node_is_refused_on_the_other_within_a_second()
    {
        var (user, hash, _) = await CreateUserWithTokenAsync("bob");
        await CachedOnBothAsync(hash);

        await _nodeB.UpdateFlagsAsync(user.Id, disabled: true, isAdmin: false, default);
        Assert.True(await RefusedOnAAsync(hash) < Target);
    }

    [Fact]
    public async Task The_listener_comes_back_after_its_connection_is_killed_and_evictions_work_again()
    {
        var (user, hash, token) = await CreateUserWithTokenAsync("carol");
        await CachedOnBothAsync(hash);

        await using (var admin = new NpgsqlConnection(_connectionString))
        {
            var killed = await admin.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND application_name = @name) k",
                new { name = PostgresClusterSignal.ApplicationName });
            Assert.Equal(2, killed);
        }

        // Down at once (caches bypassed), then back with a new connection, caches emptied.
        await WaitUntilAsync(() => !_signalA.Listening, TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => _signalA.Listening && _signalB.Listening, TimeSpan.FromSeconds(10));

        await CachedOnBothAsync(hash);
        await _nodeB.DeleteTokenAsync(user.Id, token.Id, default);
        Assert.True(await RefusedOnAAsync(hash) < Target);
    }

    [Fact]
    public async Task Change_notices_announced_at_once_on_one_node_each_reach_both_nodes()
    {
        // A burst of writers' notices goes out in a few transactions after their commits (PostgresNotifier): none may be
        // lost or held back, on the other node or on the announcing one, whose own listener delivers them there too.
        var heardA = new HashSet<string>(StringComparer.Ordinal);
        var heardB = new HashSet<string>(StringComparer.Ordinal);
        _signalA.SubscribeChanges(n => { lock (heardA) heardA.Add(n.UserId); }, () => { });
        _signalB.SubscribeChanges(n => { lock (heardB) heardB.Add(n.UserId); }, () => { });
        var users = Enumerable.Range(0, 300).Select(i => $"user{i:D3}").ToList();

        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (user, _) =>
        {
            _signalA.AnnounceChanges([new ChangeNotice(user)]);
            return ValueTask.CompletedTask;
        });

        await WaitUntilAsync(() => Count(heardA) == users.Count && Count(heardB) == users.Count, TimeSpan.FromSeconds(5));
        Assert.Equal(users, heardB.Order(StringComparer.Ordinal));
    }

    private static int Count(HashSet<string> heard)
    {
        lock (heard)
        {
            return heard.Count;
        }
    }

    private async Task<(UserRecord User, string Hash, TokenRecord Token)> CreateUserWithTokenAsync(string name)
    {
        var user = new UserRecord(Ids.New(TimeProvider.System), name, "pbkdf2-sha512$v1$1$AAAA$AAAA", false, false, null, 0,
            Ids.New(TimeProvider.System), DateTimeOffset.UtcNow);
        Assert.True(await _nodeA.CreateUserAsync(user, default));
        return (user, name + "-1", await CreateTokenAsync(user, name + "-1"));
    }

    private async Task<TokenRecord> CreateTokenAsync(UserRecord user, string hash)
    {
        var now = DateTimeOffset.UtcNow;
        var token = new TokenRecord(Ids.New(TimeProvider.System), user.Id, TokenKinds.Session, null, now, now.AddHours(1), null, null);
        await _nodeA.CreateTokenAsync(token, hash, default);
        return token;
    }

    // Each node looks the token up, so each holds it in its cache (TokenCache keeps it 30 s).
    private async Task CachedOnBothAsync(string hash)
    {
        Assert.NotNull(await _nodeA.FindTokenAsync(hash, DateTimeOffset.UtcNow, default));
        Assert.NotNull(await _nodeB.FindTokenAsync(hash, DateTimeOffset.UtcNow, default));
    }

    private async Task<TimeSpan> RefusedOnAAsync(string hash)
    {
        var clock = Stopwatch.StartNew();
        while (await _nodeA.FindTokenAsync(hash, DateTimeOffset.UtcNow, default) is not null)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "node A still answers the token from its cache");
            await Task.Delay(10);
        }

        return clock.Elapsed;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < timeout, "the cluster signal did not reach the expected state in time");
            await Task.Delay(20);
        }
    }
}

using Dapper;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Tests.Files;
using Npgsql;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// The lock statements of a write on the node that owns the tree (an own write, <see cref="TreeOwnership.BeginOwnWrite"/>):
/// they take the tree's lock and check the node's key held instead of taking the ownership key, and when the key is not
/// held (the node let go, another node may own the tree now) they fall back to the ownership key, or fail, never writing
/// past another owner. A session of its own stands in for the owning node's listening connection.
/// </summary>
public sealed class OwnWriteLockTests : IAsyncLifetime
{
    private FilesHarness _h = null!;

    public async Task InitializeAsync() => _h = await CreateAsync(MetadataBackend.Postgres);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private PostgresDatabase Database => (PostgresDatabase)_h.Database;

    [Fact]
    public async Task With_the_node_key_held_the_write_takes_the_tree_and_leaves_the_ownership_key_to_its_owner()
    {
        var scope = WriteScope.Tree(Ids.New(_h.Clock));
        const long nodeKey = 0x5eed_0001;
        await using var owner = await HoldAsync(scope.OwnershipKey, nodeKey);

        await using var connection = await Database.OpenAsync(default);
        await using var transaction = await Database.BeginWriteAsync(connection, [], default);
        Assert.True(await Database.LockOwnedAsync(transaction, scope, nodeKey, default));
        Assert.False(await TryAsync(scope.Key));   // the tree's lock is the write's
    }

    [Fact]
    public async Task Without_the_node_key_the_write_takes_the_ownership_key_as_any_writer()
    {
        var scope = WriteScope.Tree(Ids.New(_h.Clock));
        await using var connection = await Database.OpenAsync(default);
        await using var transaction = await Database.BeginWriteAsync(connection, [], default);

        Assert.False(await Database.LockOwnedAsync(transaction, scope, nodeKey: 0x5eed_0002, default));
        Assert.False(await TryAsync(scope.OwnershipKey));   // no node can take the tree until the write ends
    }

    [Fact]
    public async Task A_batch_from_memory_fails_when_its_node_key_is_not_held()
    {
        var scope = WriteScope.Tree(Ids.New(_h.Clock));
        await using var connection = (NpgsqlConnection)await Database.OpenAsync(default);
        await using var transaction = await connection.BeginTransactionAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            connection.ExecuteAsync(KnownFolders.OwnLockSql, new { scope.Key, NodeKey = 0x5eed_0003L }, transaction));
        Assert.Contains("busy", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_trees_at_once_report_the_one_whose_node_key_is_not_held_as_owned()
    {
        var (held, lost) = (WriteScope.Tree(Ids.New(_h.Clock)), WriteScope.Tree(Ids.New(_h.Clock)));
        await using var owner = await HoldAsync(held.OwnershipKey, 0x5eed_0004);
        var (sql, parameters) = PostgresDatabase.TryLockEachStatement(
            [held, lost], new Dictionary<WriteScope, long> { [held] = 0x5eed_0004, [lost] = 0x5eed_0005 });

        await using var connection = (NpgsqlConnection)await Database.OpenAsync(default);
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value));
        }

        await using var reader = await command.ExecuteReaderAsync();
        var tried = await PostgresDatabase.ReadTriedLocksAsync(reader, [held, lost], default);
        Assert.Equal([held, lost], tried.Taken.OrderBy(s => s == lost));
        Assert.Equal([lost.OwnershipKey], tried.Owned);
    }

    // A session that holds these keys as a node's listening connection holds an owned tree's.
    private async Task<NpgsqlConnection> HoldAsync(params long[] keys)
    {
        var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var key in keys)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_lock(@key)", new { key });
        }

        return connection;
    }

    // Whether another session could take the key now (it lets go at once).
    private async Task<bool> TryAsync(long key)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        var taken = await connection.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", new { key });
        if (taken)
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key });
        }

        return taken;
    }
}

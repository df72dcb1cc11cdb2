using Npgsql;

namespace Depot.Core.Data;

/// <summary>
/// Sends a writer's request that the node owning a tree let go of it (<see cref="PostgresDatabase.OwnershipReleaseChannel"/>),
/// on a connection of its own outside the pool. Not in the writer's transaction, which delivers a NOTIFY only at its
/// commit; and not from the pool, which writers waiting for an owner could all be holding at once.
/// </summary>
internal sealed class OwnershipReleaseRequests(string connectionString) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _connection;

    public async Task SendAsync(IReadOnlyList<long> ownershipKeys, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _connection ??= await OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                $"SELECT pg_notify('{PostgresDatabase.OwnershipReleaseChannel}', k::text) FROM unnest(@keys) AS k", _connection);
            command.Parameters.Add(new NpgsqlParameter<long[]>("keys", [.. ownershipKeys]));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            // A broken connection is opened again by the next request; this writer's wait fails with its command timeout
            // unless the owner lets go for another reason (its listening connection failing releases all it owned).
            await DropAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _connection?.Dispose();
        _gate.Dispose();
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = "depot-ownership-release",
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task DropAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }
}

using System.Data;
using System.Data.Common;
using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>
/// The connection a group commit loop's batches run on, one after another: kept from one batch to the next while the
/// loop has work, and back in the pool when it has none. On PostgreSQL a tree's batches then run in one backend, whose
/// caches (plans, catalogue, the CPU's own) are warm, instead of in whichever of the pool's backends was idle longest:
/// the pool hands out its oldest idle connection, so a lane used to turn through all of them, and under 4 KiB uploads
/// that cost PostgreSQL up to a fifth more CPU per upload (bench/README.md, "Issue 10: one backend a lane"). A
/// connection that a failure left unusable is dropped; the next batch opens another.
/// </summary>
internal sealed class LaneConnection(IDatabase database) : IAsyncDisposable
{
    private DbConnection? _connection;

    /// <summary>The kept connection if it is still open, else a new one from the pool. Not the caller's to dispose.</summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: ConnectionState.Open })
        {
            return _connection;
        }

        await DropAsync();
        return _connection = await database.OpenAsync(cancellationToken);
    }

    /// <summary>Closes the kept connection (back to the pool, or discarded if broken), so the next batch opens another.</summary>
    public async ValueTask DropAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => DropAsync();
}

using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>The file metadata store over <see cref="IDatabase"/>: portable SQL, so SQLite and PostgreSQL share it.</summary>
public sealed class SqlFileStore : IFileStore
{
    // A deadlock's victim (two writers entering two trees in opposite orders) is rolled back whole; the work runs again
    // from the start. Three tries: a real deadlock needs both writers to cross into each other's shares at once.
    private const int TransientTries = 3;

    private readonly IDatabase _database;
    private readonly TimeProvider _clock;
    private readonly GroupCommit _group;

    public SqlFileStore(IDatabase database, TimeProvider clock)
    {
        _database = database;
        _clock = clock;
        _group = new GroupCommit(ct => OpenWriteAsync(grouped: true, ct));
    }

    public async Task<IFileSession> ReadAsync(CancellationToken cancellationToken) =>
        new SqlFileSession(await _database.OpenAsync(cancellationToken), null, _database, _clock);

    // No scope yet: a path walk locks the tree it ends in, where the write happens (FileTree.LockedWalkAsync).
    public async Task<IFileSession> WriteAsync(CancellationToken cancellationToken) => await OpenWriteAsync(grouped: false, cancellationToken);

    /// <summary>
    /// Group commit where the database has one writer (SQLite); on PostgreSQL each work gets its own transaction, so
    /// uploads into different trees commit side by side and never hold each other's tree locks.
    /// </summary>
    public Task<Result<T>> WriteGroupedAsync<T>(
        Func<IFileSession, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken) =>
        _database.SingleWriter ? _group.RunAsync(work, cancellationToken) : WriteAloneAsync(work, cancellationToken);

    private async Task<Result<T>> WriteAloneAsync<T>(
        Func<IFileSession, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // A grouped session, so the work is held to the same rule as in a group: it must not commit itself.
                await using var session = await OpenWriteAsync(grouped: true, cancellationToken);
                var result = await work(session, cancellationToken);
                if (result.IsSuccess)
                {
                    await session.CommitGroupAsync(cancellationToken);
                }

                return result;
            }
            catch (Exception e) when (attempt < TransientTries && DatabaseFaults.IsTransient(e))
            {
                FilesMetrics.WriteRetries.Add(1);
            }
        }
    }

    private async Task<SqlFileSession> OpenWriteAsync(bool grouped, CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            return new SqlFileSession(connection, await _database.BeginWriteAsync(connection, [], cancellationToken), _database, _clock, grouped);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

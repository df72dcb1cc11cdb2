using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>The file metadata store over <see cref="IDatabase"/>: portable SQL, so SQLite and PostgreSQL share it.</summary>
public sealed class SqlFileStore : IFileStore
{
    private readonly IDatabase _database;
    private readonly TimeProvider _clock;
    private readonly GroupCommit _group;

    public SqlFileStore(IDatabase database, TimeProvider clock)
    {
        _database = database;
        _clock = clock;
        _group = new GroupCommit(OpenGroupAsync);
    }

    public async Task<IFileSession> ReadAsync(CancellationToken cancellationToken) =>
        new SqlFileSession(await _database.OpenAsync(cancellationToken), null, _clock);

    public async Task<IFileSession> WriteAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            return new SqlFileSession(connection, await _database.BeginWriteAsync(connection, cancellationToken), _clock);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public Task<Result<T>> WriteGroupedAsync<T>(
        Func<IFileSession, CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken) =>
        _group.RunAsync(work, cancellationToken);

    private async Task<SqlFileSession> OpenGroupAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            return new SqlFileSession(connection, await _database.BeginWriteAsync(connection, cancellationToken), _clock, grouped: true);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

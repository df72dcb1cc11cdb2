using Depot.Core.Data;

namespace Depot.Core.Files;

/// <summary>The file metadata store over <see cref="IDatabase"/>: portable SQL, so SQLite and PostgreSQL share it.</summary>
public sealed class SqlFileStore(IDatabase database) : IFileStore
{
    public async Task<IFileSession> ReadAsync(CancellationToken cancellationToken) =>
        new SqlFileSession(await database.OpenAsync(cancellationToken), null);

    public async Task<IFileSession> WriteAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenAsync(cancellationToken);
        try
        {
            return new SqlFileSession(connection, await database.BeginWriteAsync(connection, cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}

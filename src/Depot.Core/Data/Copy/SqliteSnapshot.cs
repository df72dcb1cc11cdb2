using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Depot.Core.Data.Copy;

/// <summary>
/// The source of a copy: the SQLite file opened read-only (the copy never changes its source, which stays the way
/// back), inside one read transaction, so the copy and its checksums all see the same snapshot of it.
/// </summary>
internal sealed class SqliteSnapshot : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private SqliteSnapshot(SqliteConnection connection, SqliteTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<SqliteSnapshot> OpenAsync(string path, CancellationToken cancellationToken)
    {
        SqliteDatabase.InitialiseNative();
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Deferred: the snapshot is taken at the first read and held until disposal; no write lock is ever asked for.
            var transaction = connection.BeginTransaction(deferred: true);
            return new SqliteSnapshot(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<string>> QueryStringsAsync(string sql, object? parameters, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<string>(new CommandDefinition(sql, parameters, _transaction, cancellationToken: cancellationToken))];

    public async Task<IReadOnlyList<(string Name, long Key)>> ColumnsAsync(string table, CancellationToken cancellationToken) =>
        [.. await _connection.QueryAsync<(string, long)>(new CommandDefinition(
            "SELECT name, pk FROM pragma_table_info(@table) ORDER BY cid", new { table }, _transaction, cancellationToken: cancellationToken))];

    /// <summary>Runs <paramref name="sql"/> and hands its reader, streaming row by row, to <paramref name="use"/>.</summary>
    public async Task<T> ReadAsync<T>(string sql, Func<DbDataReader, Task<T>> use, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await use(reader);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

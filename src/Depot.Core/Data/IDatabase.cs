using System.Data.Common;

namespace Depot.Core.Data;

/// <summary>
/// The metadata store's connection source. Stores write portable SQL (Dapper over ADO.NET) against it;
/// SQLite is the embedded implementation, PostgreSQL comes with scale-out.
/// </summary>
public interface IDatabase
{
    /// <summary>An open connection with the store's per-connection settings applied. Dispose it promptly.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Begins a write transaction that takes the write lock at once (SQLite <c>BEGIN IMMEDIATE</c>), so a
    /// read-then-write inside it can never be invalidated by another writer.
    /// </summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A query with one parameter, <c>@table</c>, answering whether that table exists (the catalogues differ by backend).</summary>
    string TableExistsSql { get; }
}

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
    /// Begins a write transaction that takes the write lock at once, so a read-then-write inside it can never be
    /// invalidated by another writer: what it reads stays true until it commits or rolls back. SQLite: <c>BEGIN
    /// IMMEDIATE</c>. PostgreSQL: one database-wide advisory lock held for the transaction (see
    /// <see cref="PostgresDatabase"/>): every store's rules hold unchanged, at the price of one writer at a time across
    /// all nodes, which issue 10 replaces with finer locks.
    /// </summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>A query with one parameter, <c>@table</c>, answering whether that table exists (the catalogues differ by backend).</summary>
    string TableExistsSql { get; }

    /// <summary>
    /// Holds the lock that lets one process at a time migrate the schema (several nodes may start together) until the
    /// returned handle is disposed, on <paramref name="connection"/>. SQLite needs none: its migrations run inside
    /// IMMEDIATE transactions and re-read what was applied.
    /// </summary>
    Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);
}

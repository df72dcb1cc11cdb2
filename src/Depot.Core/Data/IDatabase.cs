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
    /// Begins a write transaction holding the locks of <paramref name="scopes"/> before its first statement, so whatever
    /// it reads in those scopes stays true until it commits or rolls back (the write contract, docs/architecture.md):
    /// name uniqueness, quota, <c>If-Match</c> and lock conflicts are decided by reading, and nobody else can change
    /// what was read. More scopes can be added on the way with <see cref="LockAsync"/> (a path walk learns which trees
    /// it enters as it goes). SQLite: <c>BEGIN IMMEDIATE</c>, its one write lock covers every scope. PostgreSQL: READ
    /// COMMITTED plus one transaction-scoped advisory lock per scope, taken in key order, so writers to different
    /// users' trees never wait for each other.
    /// </summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, IReadOnlyCollection<WriteScope> scopes, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="scope"/> to a write transaction begun by <see cref="BeginWriteAsync"/>, held until it ends.
    /// Read the scope's rows only after this returns. Two transactions adding scopes in opposite orders can deadlock on
    /// PostgreSQL, which then aborts one (<see cref="DatabaseFaults.IsTransient"/>): callers that can, retry.
    /// </summary>
    Task LockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="LockAsync"/> without waiting: false when another transaction holds <paramref name="scope"/>. For a
    /// transaction that already holds a scope and must not queue for a second one, so it can never be part of a
    /// deadlock (a group commit batch, which defers such work instead).
    /// </summary>
    Task<bool> TryLockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="TryLockAsync"/> for each of <paramref name="scopes"/> in one round trip: the ones it took. For a group
    /// commit batch that takes several trees at its start, and waits for none of them (a deadlock needs a wait).
    /// </summary>
    Task<IReadOnlySet<WriteScope>> TryLockEachAsync(DbTransaction transaction, IReadOnlyList<WriteScope> scopes, CancellationToken cancellationToken);

    /// <summary>
    /// True when the database admits one writer at a time (SQLite), so sharing one durable commit among concurrent
    /// writes (group commit) pays; PostgreSQL commits writers to different scopes concurrently, and a shared
    /// transaction would only make them hold each other's locks.
    /// </summary>
    bool SingleWriter { get; }

    /// <summary>A query with one parameter, <c>@table</c>, answering whether that table exists (the catalogues differ by backend).</summary>
    string TableExistsSql { get; }

    /// <summary>
    /// Holds the lock that lets one process at a time migrate the schema (several nodes may start together) until the
    /// returned handle is disposed, on <paramref name="connection"/>. SQLite needs none: its migrations run inside
    /// IMMEDIATE transactions and re-read what was applied.
    /// </summary>
    Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);
}

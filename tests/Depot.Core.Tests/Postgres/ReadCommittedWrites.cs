using System.Data;
using System.Data.Common;
using Depot.Core.Data;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// A PostgreSQL metadata store whose write transactions are plain READ COMMITTED, without the one database-wide writer
/// lock: what any finer write contract (per-tree locks, issue 10) leaves to data outside one user's tree, such as group
/// names. A store that checks and then inserts must then still answer with its typed "taken" when the unique index
/// refuses the second writer, not with a <c>PostgresException</c>.
/// </summary>
internal sealed class ReadCommittedWrites(IDatabase inner) : IDatabase
{
    public string TableExistsSql => inner.TableExistsSql;

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    public Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        inner.LockMigrationsAsync(connection, cancellationToken);
}

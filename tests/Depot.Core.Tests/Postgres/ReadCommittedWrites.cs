using System.Data;
using System.Data.Common;
using Depot.Core.Data;

namespace Depot.Core.Tests.Postgres;

/// <summary>
/// A PostgreSQL metadata store whose write transactions are plain READ COMMITTED and take no write scope at all: the
/// backstop under the write contract (where a scope is missing, or a key outside every scope). A store that checks and then inserts must then still answer with its typed "taken" when the unique index
/// refuses the second writer, not with a <c>PostgresException</c>.
/// </summary>
internal sealed class ReadCommittedWrites(IDatabase inner) : IDatabase
{
    public string TableExistsSql => inner.TableExistsSql;

    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);

    public bool SingleWriter => false;

    public async Task<DbTransaction> BeginWriteAsync(
        DbConnection connection, IReadOnlyCollection<WriteScope> scopes, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    public Task LockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> TryLockAsync(DbTransaction transaction, WriteScope scope, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<IReadOnlySet<WriteScope>> TryLockEachAsync(DbTransaction transaction, IReadOnlyList<WriteScope> scopes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<WriteScope>>(scopes.ToHashSet());

    public Task<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken) =>
        inner.LockMigrationsAsync(connection, cancellationToken);
}

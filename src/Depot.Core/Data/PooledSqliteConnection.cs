using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Depot.Core.Data;

/// <summary>
/// What <see cref="SqliteDatabase.OpenAsync"/> hands out: an open connection borrowing a pooled physical one, whose
/// commands reuse its prepared statements (<see cref="CachedSqliteCommand"/>). Disposing it returns the physical
/// connection to the pool. Transactions wrap the physical connection's own (<see cref="PooledSqliteTransaction"/>).
/// </summary>
internal sealed class PooledSqliteConnection(SqlitePhysicalConnection physical, Action<SqlitePhysicalConnection> release) : DbConnection
{
    // Immutable, so one instance serves every close (ConnectionUse listens for it in the test suites).
    private static readonly StateChangeEventArgs Closing = new(ConnectionState.Open, ConnectionState.Closed);

    private SqlitePhysicalConnection? _physical = physical;

    [AllowNull]
    public override string ConnectionString
    {
        get => Physical.Connection.ConnectionString;
        set => throw new NotSupportedException("A pooled connection's connection string is fixed.");
    }

    public override string Database => Physical.Connection.Database;

    public override string DataSource => Physical.Connection.DataSource;

    public override string ServerVersion => Physical.Connection.ServerVersion;

    public override ConnectionState State => _physical is null ? ConnectionState.Closed : ConnectionState.Open;

    internal SqlitePhysicalConnection Physical => _physical ?? throw new ObjectDisposedException(nameof(PooledSqliteConnection));

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

    public override void Open() => throw new InvalidOperationException("A pooled connection is opened by SqliteDatabase.OpenAsync only.");

    public override void Close()
    {
        if (_physical is { } returned)
        {
            _physical = null;
            returned.EndUse();
            release(returned);
            OnStateChange(Closing);
        }
    }

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
        new PooledSqliteTransaction(Physical.Begin(isolationLevel), Physical, this);

    protected override DbCommand CreateDbCommand() => new CachedSqliteCommand(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Close();
        }

        base.Dispose(disposing);
    }
}

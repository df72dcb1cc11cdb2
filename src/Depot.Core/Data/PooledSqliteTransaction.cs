using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Depot.Core.Data;

/// <summary>
/// A transaction of a <see cref="PooledSqliteConnection"/>: Microsoft.Data.Sqlite's own, with a disposal that never
/// throws and never leaves the physical connection half inside it.
/// <para>
/// Why: after an I/O error such as <c>SQLITE_FULL</c> SQLite rolls a transaction back by itself. Microsoft.Data.Sqlite
/// does not notice when the failure was the COMMIT, so disposing its transaction runs ROLLBACK, which fails ("no
/// transaction is active"), hides the real error, and leaves the transaction attached to the connection: every later
/// command on it failed, and the pool handed it to every request (issue 9: one full disk answered 500 for ever).
/// </para>
/// </summary>
internal sealed class PooledSqliteTransaction(SqliteTransaction inner, SqlitePhysicalConnection physical, PooledSqliteConnection owner)
    : DbTransaction
{
    public SqliteTransaction Inner => inner;

    public override IsolationLevel IsolationLevel => inner.IsolationLevel;

    public override bool SupportsSavepoints => true;

    protected override DbConnection DbConnection => owner;

    public override void Commit() => Guard(inner.Commit);

    public override void Rollback() => Guard(inner.Rollback);

    public override void Save(string savepointName) => Guard(() => inner.Save(savepointName));

    public override void Rollback(string savepointName) => Guard(() => inner.Rollback(savepointName));

    public override void Release(string savepointName) => Guard(() => inner.Release(savepointName));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            physical.EndTransaction(inner);
        }

        base.Dispose(disposing);
    }

    // A failed transaction statement leaves the connection in a state not worth reasoning about: it is closed on return.
    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch
        {
            physical.Discard();
            throw;
        }
    }
}

namespace Depot.Core.Tests.Data;

/// <summary>
/// The memory SQLite's prepared statements on one connection use (<c>SQLITE_DBSTATUS_STMT_USED</c>): it rises when a
/// statement is prepared and falls when it is finalized, so the tests see exactly when a statement goes.
/// </summary>
internal static class SqliteStatementMemory
{
    public static int Of(SQLitePCL.sqlite3 handle)
    {
        Assert.Equal(SQLitePCL.raw.SQLITE_OK, SQLitePCL.raw.sqlite3_db_status(handle, SQLitePCL.raw.SQLITE_DBSTATUS_STMT_USED, out var used, out _, 0));
        return used;
    }
}

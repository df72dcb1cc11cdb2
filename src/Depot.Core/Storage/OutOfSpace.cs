using Microsoft.Data.Sqlite;
using Npgsql;

namespace Depot.Core.Storage;

/// <summary>
/// Recognises "the disk is full" wherever it surfaces: a blob or upload write (<see cref="IOException"/> with
/// ENOSPC/EDQUOT, or Windows' disk-full errors) or a metadata write (SQLite's <c>SQLITE_FULL</c>, PostgreSQL's <c>disk_full</c>). Adapters answer it
/// with 507 <c>insufficient_storage</c>: the client may retry later, and nothing was stored.
/// </summary>
public static class OutOfSpace
{
    // Linux errno values, which .NET puts in IOException.HResult on Unix.
    private const int Enospc = 28;
    private const int Edquot = 122;

    // Windows: HRESULT_FROM_WIN32(ERROR_HANDLE_DISK_FULL) and HRESULT_FROM_WIN32(ERROR_DISK_FULL).
    private const int HandleDiskFull = unchecked((int)0x80070027);
    private const int DiskFull = unchecked((int)0x80070070);

    private const int SqliteFull = 13;   // SQLITE_FULL, https://sqlite.org/rescode.html#full
    private const string PostgresDiskFull = "53100";   // disk_full: the database server's disk, not ours

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                case PostgresException { SqlState: PostgresDiskFull }:
                case IOException { HResult: Enospc or Edquot or HandleDiskFull or DiskFull }:
                    return true;
            }
        }

        return false;
    }
}

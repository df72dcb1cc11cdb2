using Microsoft.Data.Sqlite;
using Npgsql;

namespace Depot.Core.Data;

/// <summary>
/// Recognises the metadata store's expected failures on either backend, so callers and adapters answer them with a
/// typed error instead of a 500.
/// </summary>
public static class DatabaseFaults
{
    // https://www.postgresql.org/docs/current/errcodes-appendix.html
    private const string UniqueViolation = "23505";
    private const string SerializationFailure = "40001";
    private const string DeadlockDetected = "40P01";

    // https://sqlite.org/rescode.html: SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>
    /// The transaction lost a race it could not wait out (PostgreSQL chose it as a deadlock's victim, or a serialization
    /// failure) and was rolled back whole: running it again from the start is safe and will usually succeed.
    /// </summary>
    public static bool IsTransient(Exception exception) => Find<PostgresException>(exception) is { SqlState: SerializationFailure or DeadlockDetected };

    /// <summary>
    /// A row with the same unique key exists: another writer got there first (the write contract makes this rare: the
    /// rules check before inserting; this is the backstop where no scope covers the key).
    /// </summary>
    public static bool IsUniqueViolation(Exception exception) =>
        Find<PostgresException>(exception) is { SqlState: UniqueViolation } ||
        Find<SqliteException>(exception) is { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    /// <summary>
    /// PostgreSQL did not answer in time: no pooled connection came free within the pool's <c>Timeout</c> (every one busy
    /// with other requests), or a statement ran past its command timeout. Nothing was committed by this request; the
    /// database is behind its load, so the client should come back shortly rather than see a 500.
    /// </summary>
    public static bool IsBusy(Exception exception) =>
        Find<NpgsqlException>(exception) is { InnerException: TimeoutException } and not PostgresException;

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}

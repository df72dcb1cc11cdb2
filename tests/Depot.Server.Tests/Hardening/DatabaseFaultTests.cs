using Depot.Protocol;
using Depot.Server.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Depot.Server.Tests.Hardening;

/// <summary>
/// The metadata store's expected failures, as each backend raises them, get their documented answer instead of a 500
/// (docs/architecture.md, "The write contract"): the backstop behind the stores' own checks.
/// </summary>
public sealed class DatabaseFaultTests
{
    [Theory]
    [InlineData("23505")]   // unique_violation
    public void A_unique_violation_from_postgresql_is_409_already_exists(string sqlState) =>
        AssertFault(Postgres(sqlState), StatusCodes.Status409Conflict, ErrorCodes.AlreadyExists, retryAfter: null);

    [Theory]
    [InlineData(2067)]   // SQLITE_CONSTRAINT_UNIQUE
    [InlineData(1555)]   // SQLITE_CONSTRAINT_PRIMARYKEY
    public void A_unique_violation_from_sqlite_is_409_already_exists(int extendedCode) =>
        AssertFault(new SqliteException("UNIQUE constraint failed", 19, extendedCode), StatusCodes.Status409Conflict, ErrorCodes.AlreadyExists, retryAfter: null);

    [Theory]
    [InlineData("40P01")]   // deadlock_detected
    [InlineData("40001")]   // serialization_failure
    public void A_transaction_postgresql_rolled_back_to_settle_a_race_is_503_write_conflict_with_retry_after(string sqlState) =>
        AssertFault(Postgres(sqlState), StatusCodes.Status503ServiceUnavailable, ErrorCodes.WriteConflict, retryAfter: 1);

    [Fact]
    public void PostgreSQLs_disk_full_is_507_like_a_full_data_folder() =>
        AssertFault(Postgres("53100"), StatusCodes.Status507InsufficientStorage, ErrorCodes.InsufficientStorage, retryAfter: null);

    [Theory]
    [InlineData("23503")]   // foreign_key_violation: a bug if it ever escapes, so a 500 with its stack trace
    [InlineData("42P01")]   // undefined_table
    public void Other_database_errors_stay_server_errors(string sqlState) => Assert.Null(KnownFault.Classify(Postgres(sqlState)));

    [Fact]
    public void A_fault_wrapped_by_the_caller_is_still_recognised() =>
        AssertFault(new InvalidOperationException("commit failed", Postgres("40P01")), StatusCodes.Status503ServiceUnavailable, ErrorCodes.WriteConflict, retryAfter: 1);

    private static PostgresException Postgres(string sqlState) => new("test", "ERROR", "ERROR", sqlState);

    private static void AssertFault(Exception exception, int status, string code, int? retryAfter)
    {
        var fault = KnownFault.Classify(exception);
        Assert.NotNull(fault);
        Assert.Equal(status, fault.Status);
        Assert.Equal(code, fault.Code);
        Assert.Equal(retryAfter, fault.RetryAfterSeconds);
    }
}

using System.Data.Common;
using Dapper;
using Depot.Protocol;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Depot.Core.Data.Copy;

/// <summary>
/// Copies a single-node installation's metadata (the SQLite <c>depot.db</c>) into an empty PostgreSQL database, for
/// <c>depot-server migrate-metadata</c>. The target gets its schema from the normal <see cref="Migrator"/>; then every
/// table is streamed over in foreign-key order and verified (row count and SHA-256 of every table, both sides) inside
/// one PostgreSQL transaction, committed only when all of them match: a failure leaves the empty schema, nothing more.
/// The source is opened read-only and never changed. Refusals are <see cref="DepotError"/>s whose detail is one sentence
/// for the operator.
/// </summary>
public sealed class MetadataCopier(TimeProvider clock)
{
    public async Task<Result<MetadataCopyReport>> CopyAsync(string sqlitePath, string connectionString, CancellationToken cancellationToken)
    {
        if (!File.Exists(sqlitePath))
        {
            return Refused($"There is no Depot database at {sqlitePath}; give the data folder with --data.");
        }

        SqliteSnapshot source;
        try
        {
            source = await SqliteSnapshot.OpenAsync(sqlitePath, cancellationToken);
        }
        catch (SqliteException e)
        {
            return Refused($"{sqlitePath} cannot be opened ({e.Message.TrimEnd('.')}).");
        }

        await using var _ = source;
        var tables = await SourceTablesAsync(source, sqlitePath, cancellationToken);
        if (!tables.IsSuccess)
        {
            return tables.Error;
        }

        using var target = new PostgresDatabase(connectionString);
        var where = Describe(connectionString);
        try
        {
            if (await TargetRefusalAsync(target, tables.Value, where, cancellationToken) is { } refusal)
            {
                return refusal;
            }

            await new Migrator(target, clock).MigrateAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            return Refused($"Cannot use the PostgreSQL database {where} ({e.Message.TrimEnd('.')}). Check Depot:Metadata:ConnectionString.");
        }

        return await CopyAndVerifyAsync(source, target, tables.Value, where, cancellationToken);
    }

    private static async Task<Result<IReadOnlyList<string>>> SourceTablesAsync(SqliteSnapshot source, string path, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> tables, applied;
        try
        {
            tables = await CopySchema.SourceTablesAsync(source, cancellationToken);
            if (!tables.Contains(CopySchema.MigrationsTable))
            {
                return Refusal($"{path} is not a Depot database (it has no {CopySchema.MigrationsTable} table).");
            }

            applied = await source.QueryStringsAsync($"SELECT version FROM {CopySchema.MigrationsTable}", null, cancellationToken);
        }
        catch (SqliteException e)
        {
            return Refusal($"{path} is not a Depot database: SQLite cannot read it ({e.Message.TrimEnd('.')}).");
        }

        if (applied.Except(Migrator.KnownVersionsFor(postgres: false)).Order(StringComparer.Ordinal).ToList() is [var newer, ..])
        {
            return Refusal($"{path} has schema version {newer}, which this depot-server does not know: it was written by a newer " +
                "Depot. Migrate it with that version's depot-server.");
        }

        if (Migrator.KnownVersionsFor(postgres: false).Except(applied).ToList() is [var missing, ..])
        {
            // The source is never changed by the copy, so it is not upgraded here either: the server's own start does that.
            return Refusal($"{path} is at an older schema than this depot-server (it lacks {missing}). Start this depot-server on the " +
                "data folder once (it upgrades the database at start), stop it, then run migrate-metadata again.");
        }

        return Result<IReadOnlyList<string>>.Ok(tables);
    }

    // Only an empty database, or one holding nothing but Depot's schema, is a target: the copy must never mix two
    // installations' rows. Checked before the schema is created, and again under the copy's table locks.
    private static async Task<DepotError?> TargetRefusalAsync(PostgresDatabase target, IReadOnlyList<string> tables, string where,
        CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenAsync(cancellationToken);
        if (await Exists(connection, CopySchema.MigrationsTable))
        {
            var applied = await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT version FROM {CopySchema.MigrationsTable}", cancellationToken: cancellationToken));
            if (applied.Except(Migrator.KnownVersionsFor(postgres: true)).Order(StringComparer.Ordinal).FirstOrDefault() is { } newer)
            {
                return Refusal($"The PostgreSQL database {where} has schema version {newer}, which this depot-server does not know; " +
                    "migrate-metadata fills only an empty database.");
            }
        }

        foreach (var table in tables.Where(t => t != CopySchema.MigrationsTable))
        {
            if (await Exists(connection, table) && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    $"SELECT EXISTS (SELECT 1 FROM {Sql.Quote(table)})", cancellationToken: cancellationToken)))
            {
                return NotEmpty(where, table);
            }
        }

        return null;

        Task<bool> Exists(System.Data.Common.DbConnection c, string table) => c.ExecuteScalarAsync<bool>(new CommandDefinition(
            target.TableExistsSql, new { table }, cancellationToken: cancellationToken));
    }

    private static async Task<Result<MetadataCopyReport>> CopyAndVerifyAsync(SqliteSnapshot source, PostgresDatabase target,
        IReadOnlyList<string> names, string where, CancellationToken cancellationToken)
    {
        await using var connection = (NpgsqlConnection)await target.OpenAsync(cancellationToken);
        var tables = await CopySchema.ReadAsync(source, connection, names, cancellationToken);
        if (!tables.IsSuccess)
        {
            return tables.Error;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // EXCLUSIVE lets others read but not write: a server started on the target meanwhile cannot slip rows in.
        await connection.ExecuteAsync(new CommandDefinition(
            $"LOCK TABLE {string.Join(", ", tables.Value.Select(t => t.QuotedName))} IN EXCLUSIVE MODE", transaction: transaction,
            cancellationToken: cancellationToken));
        foreach (var table in tables.Value.Where(t => t.Name != CopySchema.MigrationsTable))
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                    $"SELECT EXISTS (SELECT 1 FROM {table.QuotedName})", transaction: transaction, cancellationToken: cancellationToken)))
            {
                return NotEmpty(where, table.Name);
            }
        }

        // The migrator's bookkeeping is replaced by the source's, which lists the same portable versions: the database keeps
        // its age (Migrator.CreatedAtAsync, which the orphan grace period reads), and the table is verified like the others.
        // The PostgreSQL-only versions (*.postgres) ran here and never on the source: kept aside, put back after the
        // verification, which compares what both sides share.
        var ownVersions = (await connection.QueryAsync<(string Version, long AppliedAt)>(new CommandDefinition(
            $"SELECT version, applied_at FROM {CopySchema.MigrationsTable}", transaction: transaction,
            cancellationToken: cancellationToken))).Where(v => Migrator.IsPostgresOnly(v.Version)).ToList();
        await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {CopySchema.MigrationsTable}", transaction: transaction,
            cancellationToken: cancellationToken));
        foreach (var table in tables.Value)
        {
            try
            {
                await source.ReadAsync(table.SelectInKeyOrder(postgres: false),
                    reader => PostgresTableCopy.CopyAsync(reader, connection, table, cancellationToken), cancellationToken);
            }
            catch (Exception e) when (e is NpgsqlException or SqliteException or OverflowException or InvalidCastException)
            {
                return Refused($"Copying table {table.Name} failed ({e.Message.TrimEnd('.')}), so nothing was committed: the PostgreSQL " +
                    $"database {where} holds only the empty schema.");
            }
        }

        var checks = await CopyVerifier.VerifyAsync(source, connection, tables.Value, cancellationToken);
        var verified = checks.All(c => c.Matches);
        if (verified)
        {
            await RecordOwnVersionsAsync(connection, transaction, ownVersions, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        return new MetadataCopyReport(checks, Committed: verified);
    }

    // The PostgreSQL-only schema versions ran on the target and never on the source (CopyTable leaves them out of the
    // copy and the comparison): recorded again, so a server starting here does not run them twice.
    private static async Task RecordOwnVersionsAsync(DbConnection connection, DbTransaction transaction,
        IReadOnlyList<(string Version, long AppliedAt)> ownVersions, CancellationToken cancellationToken)
    {
        foreach (var (version, appliedAt) in ownVersions)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                $"INSERT INTO {CopySchema.MigrationsTable} (version, applied_at) VALUES (@version, @appliedAt)",
                new { version, appliedAt }, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>The target as the operator knows it, without the password the connection string may hold.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"'{builder.Database}' on {builder.Host}:{builder.Port}";
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }

    private static DepotError NotEmpty(string where, string table) => Refusal(
        $"The PostgreSQL database {where} already holds Depot data (table {table} has rows); migrate-metadata fills only an empty " +
        "database (or one with just Depot's schema): create a new one, e.g. CREATE DATABASE depot.");

    private static DepotError Refusal(string sentence) => new(ErrorCodes.PreconditionFailed, sentence);

    private static Result<MetadataCopyReport> Refused(string sentence) => Refusal(sentence);
}

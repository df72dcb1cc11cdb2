using Depot.Core.Data;
using Depot.Testing;

namespace Depot.Core.Tests;

/// <summary>
/// A metadata store implementation the contract suites run against: each suite is an abstract class, with one
/// subclass per backend (see <c>Sqlite/</c> and <c>Postgres/</c>).
/// </summary>
public abstract class MetadataBackend
{
    public static MetadataBackend Sqlite { get; } = new SqliteBackend();

    /// <summary>A database of its own on the test process's PostgreSQL server (<see cref="PostgresServer.Shared"/>).</summary>
    public static MetadataBackend Postgres { get; } = new PostgresBackend();

    /// <summary>As <see cref="Postgres"/>, in a database whose default collation is a language's (ICU en-US), as most installations' is.</summary>
    public static MetadataBackend PostgresLanguageCollation { get; } = new PostgresBackend("en-US");

    /// <summary>A fresh, empty database (migrations not yet applied) that lives in or for <paramref name="folder"/>.</summary>
    public abstract IDatabase Create(DirectoryInfo folder);

    /// <summary>
    /// A second, independent connection pool onto the same database as <paramref name="database"/> (one this backend
    /// created), as a second server node has: for the races that must hold across processes, not just across threads.
    /// SQLite: another <see cref="SqliteDatabase"/> on the same file; PostgreSQL: another <see cref="PostgresDatabase"/>
    /// (another <c>NpgsqlDataSource</c>) on the same connection string.
    /// </summary>
    public abstract IDatabase OpenAgain(IDatabase database);

    private sealed class SqliteBackend : MetadataBackend
    {
        public override IDatabase Create(DirectoryInfo folder) => new SqliteDatabase(Path.Combine(folder.FullName, "depot.db"));

        public override IDatabase OpenAgain(IDatabase database) => new SqliteDatabase(((SqliteDatabase)database).Path);
    }

    private sealed class PostgresBackend(string? icuLocale = null) : MetadataBackend
    {
        public override IDatabase Create(DirectoryInfo folder) => new PostgresDatabase(PostgresServer.Shared.CreateDatabase("core", icuLocale));

        public override IDatabase OpenAgain(IDatabase database) => new PostgresDatabase(((PostgresDatabase)database).ConnectionString);
    }
}

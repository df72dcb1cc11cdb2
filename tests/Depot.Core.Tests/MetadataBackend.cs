using Depot.Core.Data;

namespace Depot.Core.Tests;

/// <summary>
/// A metadata store implementation the contract suites run against: each suite is an abstract class, with one
/// subclass per backend (see <c>Sqlite/</c>). PostgreSQL adds a backend and a folder of subclasses with scale-out.
/// </summary>
public abstract class MetadataBackend
{
    public static MetadataBackend Sqlite { get; } = new SqliteBackend();

    /// <summary>A fresh, empty database (migrations not yet applied) that lives in or for <paramref name="folder"/>.</summary>
    public abstract IDatabase Create(DirectoryInfo folder);

    private sealed class SqliteBackend : MetadataBackend
    {
        public override IDatabase Create(DirectoryInfo folder) => new SqliteDatabase(Path.Combine(folder.FullName, "depot.db"));
    }
}

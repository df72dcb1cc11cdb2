using Depot.Cli.Sync;
using Microsoft.Data.Sqlite;

namespace Depot.Cli.Tests.Sync;

/// <summary>The sync state database keys paths the server's way and re-keys a database written before it did.</summary>
public sealed class StateStoreTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-state-");

    [Fact]
    public void A_version_0_database_is_rekeyed_and_a_case_only_rename_replaces_its_row()
    {
        var file = Path.Combine(_folder.FullName, "state.db");
        SQLitePCL.Batteries_V2.Init();
        using (var old = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            old.Open();
            using var command = old.CreateCommand();
            // The version-0 schema, with a name as macOS hands it out (NFD).
            command.CommandText =
                "CREATE TABLE entries (path TEXT PRIMARY KEY, is_folder INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL, sha256 TEXT, etag TEXT);" +
                "INSERT INTO entries VALUES ('Docs', 1, 0, 0, NULL, NULL), ('Docs/cafe\u0301.txt', 0, 2, 5, 'h', 'e'), ('Report.txt', 0, 1, 5, 'r', 'e');";
            command.ExecuteNonQuery();
        }

        using var store = StateStore.Open(file, TimeProvider.System);
        var loaded = store.Load();
        Assert.Equal(3, loaded.Count);
        Assert.Equal("Docs/caf\u00e9.txt", loaded["docs/CAFE\u0301.TXT"].Path);   // found by key; recorded in NFC

        store.Save(loaded["Report.txt"] with { Path = "report.txt" });
        store.MoveFolder("Docs", "papers/2024");
        var after = store.Load();
        Assert.Equal(["papers/2024", "papers/2024/caf\u00e9.txt", "report.txt"], after.Values.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Equal("h", after["papers/2024/caf\u00e9.txt"].Sha256);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

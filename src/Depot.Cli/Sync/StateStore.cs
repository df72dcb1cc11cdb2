using Microsoft.Data.Sqlite;

namespace Depot.Cli.Sync;

/// <summary>
/// The last-synced state of one (server, user, local folder, remote folder) pair, in a SQLite file in the config folder
/// (never inside the synced folder, where it would be synced itself). One connection, guarded by a lock: the executor
/// records each action as it completes from parallel transfers, so an interrupted sync resumes from what was done.
/// </summary>
internal sealed class StateStore : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    private StateStore(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
    }

    public static StateStore Open(string file, TimeProvider time)
    {
        SQLitePCL.Batteries_V2.Init();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        // WAL + NORMAL: one fsync per checkpoint, not per recorded file (a first sync records thousands); a crash loses
        // at most the last few records, and a lost record only makes the next sync compare that path again.
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            CREATE TABLE IF NOT EXISTS entries (
                path TEXT PRIMARY KEY, is_folder INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
                sha256 TEXT, etag TEXT);
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
        return new StateStore(connection, time);
    }

    public Dictionary<string, SyncedEntry> Load()
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT path, is_folder, size, mtime, sha256, etag FROM entries";
            using var reader = command.ExecuteReader();
            var entries = new Dictionary<string, SyncedEntry>(StringComparer.Ordinal);
            while (reader.Read())
            {
                var entry = new SyncedEntry(reader.GetString(0), reader.GetInt64(1) != 0, reader.GetInt64(2), reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5));
                entries[entry.Path] = entry;
            }

            return entries;
        }
    }

    /// <summary>
    /// Records <paramref name="entry"/>. A file modified within the last couple of seconds is recorded without its time
    /// (git's "racily clean" rule): times are whole seconds, so an edit later in the same second that keeps the size
    /// would otherwise look unchanged; this way the next scan hashes it again.
    /// </summary>
    public void Save(SyncedEntry entry)
    {
        if (!entry.IsFolder && entry.Mtime >= _time.GetUtcNow().ToUnixTimeSeconds() - 1)
        {
            entry = entry with { Mtime = -1 };
        }

        Write(entry);
    }

    private void Write(SyncedEntry entry) => Execute(
        "INSERT OR REPLACE INTO entries (path, is_folder, size, mtime, sha256, etag) VALUES ($p, $f, $s, $m, $h, $e)",
        ("$p", entry.Path), ("$f", entry.IsFolder ? 1 : 0), ("$s", entry.Size), ("$m", entry.Mtime), ("$h", entry.Sha256), ("$e", entry.ETag));

    public void Forget(string path) => Execute("DELETE FROM entries WHERE path = $p", ("$p", path));

    public string? GetMeta(string key)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT value FROM meta WHERE key = $k";
            command.Parameters.AddWithValue("$k", key);
            return command.ExecuteScalar() as string;
        }
    }

    public void SetMeta(string key, string value) => Execute("INSERT OR REPLACE INTO meta (key, value) VALUES ($k, $v)", ("$k", key), ("$v", value));

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }

            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();
}

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
            CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            """;
        command.ExecuteNonQuery();
        var store = new StateStore(connection, time);
        store.Migrate();
        return store;
    }

    /// <summary>
    /// Version 1 keys each row by <see cref="SyncNames.Key"/> (NFC, case folded), as the server tells names apart, so
    /// a case-only rename replaces its row. A version-0 database (keyed by the exact path) is re-keyed in place.
    /// </summary>
    private void Migrate()
    {
        const string Create = """
            CREATE TABLE entries (
                key TEXT PRIMARY KEY, path TEXT NOT NULL, is_folder INTEGER NOT NULL, size INTEGER NOT NULL,
                mtime INTEGER NOT NULL, sha256 TEXT, etag TEXT);
            PRAGMA user_version = 1;
            """;
        using var version = _connection.CreateCommand();
        version.CommandText = "PRAGMA user_version; ";
        if ((long)version.ExecuteScalar()! >= 1)
        {
            return;
        }

        Run("BEGIN");
        using var exists = _connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'entries'";
        if ((long)exists.ExecuteScalar()! == 0)
        {
            Run(Create + "COMMIT;");
            return;
        }

        Run("ALTER TABLE entries RENAME TO entries_v0");
        var old = ReadAll("SELECT path, is_folder, size, mtime, sha256, etag FROM entries_v0");
        Run(Create + "DROP TABLE entries_v0;");
        foreach (var entry in old)
        {
            Write(entry);
        }

        Run("COMMIT");

        void Run(string sql)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    public Dictionary<string, SyncedEntry> Load()
    {
        lock (_lock)
        {
            var entries = new Dictionary<string, SyncedEntry>(SyncNames.Comparer);
            foreach (var entry in ReadAll("SELECT path, is_folder, size, mtime, sha256, etag FROM entries"))
            {
                entries[entry.Path] = entry;
            }

            return entries;
        }
    }

    private List<SyncedEntry> ReadAll(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var entries = new List<SyncedEntry>();
        while (reader.Read())
        {
            entries.Add(new SyncedEntry(reader.GetString(0), reader.GetInt64(1) != 0, reader.GetInt64(2), reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return entries;
    }

    /// <summary>
    /// Records that the folder <paramref name="from"/> is now <paramref name="to"/>: its own row and every row under it
    /// move with it, unchanged otherwise (one folder move, not one per file).
    /// </summary>
    public void MoveFolder(string from, string to)
    {
        lock (_lock)
        {
            Execute("BEGIN");
            // Keys under a folder share the prefix "KEY/"; '0' is the character after '/', so this is a range scan.
            var prefix = SyncNames.Key(from) + "/";
            using var select = _connection.CreateCommand();
            select.CommandText = "SELECT path, is_folder, size, mtime, sha256, etag FROM entries WHERE key = $k OR (key >= $lo AND key < $hi)";
            select.Parameters.AddWithValue("$k", SyncNames.Key(from));
            select.Parameters.AddWithValue("$lo", prefix);
            select.Parameters.AddWithValue("$hi", prefix[..^1] + "0");
            var moved = new List<SyncedEntry>();
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    moved.Add(new SyncedEntry(reader.GetString(0), reader.GetInt64(1) != 0, reader.GetInt64(2), reader.GetInt64(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
                }
            }

            foreach (var entry in moved)
            {
                Execute("DELETE FROM entries WHERE key = $k", ("$k", SyncNames.Key(entry.Path)));
            }

            var depth = from.Count(c => c == '/') + 1;
            foreach (var entry in moved)
            {
                var inside = entry.Path.Split('/').Skip(depth);
                Write(entry with { Path = string.Join('/', [to, .. inside]) });
            }

            Execute("COMMIT");
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

    /// <summary>Paths are recorded in their canonical spelling (NFC, case kept), whatever the local file system has.</summary>
    private void Write(SyncedEntry entry) => Execute(
        "INSERT OR REPLACE INTO entries (key, path, is_folder, size, mtime, sha256, etag) VALUES ($k, $p, $f, $s, $m, $h, $e)",
        ("$k", SyncNames.Key(entry.Path)), ("$p", SyncNames.Spelling(entry.Path)), ("$f", entry.IsFolder ? 1 : 0), ("$s", entry.Size), ("$m", entry.Mtime), ("$h", entry.Sha256), ("$e", entry.ETag));

    public void Forget(string path) => Execute("DELETE FROM entries WHERE key = $k", ("$k", SyncNames.Key(path)));

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

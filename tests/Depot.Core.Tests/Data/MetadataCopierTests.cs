using Dapper;
using Depot.Core.Data;
using Depot.Core.Data.Copy;
using Depot.Testing;
using Npgsql;

namespace Depot.Core.Tests.Data;

/// <summary>
/// <c>migrate-metadata</c>'s copy from a real SQLite <c>depot.db</c> into a real PostgreSQL database: every table arrives
/// value for value and is verified, a wrong copy is caught, and every refusal or failure leaves the target without rows.
/// </summary>
public sealed class MetadataCopierTests : IDisposable
{
    private const string Owner = "0190a000-0000-7000-8000-000000000001";
    private const string Root = "0190a000-0000-7000-8000-0000000000ff";
    // Sorts before its parent: key order is not tree order, so the self-reference must not need parents first.
    private const string Child = "0190a000-0000-7000-8000-000000000002";
    private const string File = "0190a000-0000-7000-8000-000000000003";
    private const string Blob = "0190a000-0000-7000-8000-000000000004";
    // A small file's content kept in the metadata store: bytes that are not text (a NUL, invalid UTF-8).
    private const string InlineBlob = "0190a000000080008000000000000005";
    private static readonly byte[] InlineContent = [0x00, 0xff, 0x80, 0x41, 0x00];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-copy-");
    private readonly string _target = PostgresServer.Shared.CreateDatabase("copy");

    private string SourcePath => Path.Combine(_folder.FullName, "depot.db");

    [Fact]
    public async Task A_depot_database_is_copied_value_for_value_and_every_table_verified()
    {
        await SeedAsync();

        var result = await CopyAsync();

        Assert.True(result.IsSuccess, result.Error?.Detail);
        Assert.True(result.Value.Committed);
        Assert.All(result.Value.Tables, t => Assert.True(t.Matches, t.Table));
        await using var target = new NpgsqlConnection(_target);
        var all = await target.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
        Assert.Equal(all.Order(StringComparer.Ordinal), result.Value.Tables.Select(t => t.Table).Order(StringComparer.Ordinal));
        Assert.Equal(3, result.Value.Tables.Single(t => t.Table == "nodes").TargetRows);
        var order = result.Value.Tables.Select(t => t.Table).ToList();
        Assert.True(order.IndexOf("users") < order.IndexOf("nodes") && order.IndexOf("nodes") < order.IndexOf("versions")
            && order.IndexOf("blobs") < order.IndexOf("versions"), string.Join(", ", order));

        var node = await target.QuerySingleAsync<(string Name, long Size, string? Sha)>(
            "SELECT name, size, sha256 FROM nodes WHERE id = @File", new { File });
        Assert.Equal(("Übersicht 📄.txt", 5_000_000_000L, (string?)null), node);
        Assert.Null(await target.ExecuteScalarAsync<long?>("SELECT quota_bytes FROM users"));
        Assert.Equal(InlineContent, await target.ExecuteScalarAsync<byte[]>("SELECT content FROM blob_contents WHERE blob_id = @InlineBlob", new { InlineBlob }));
        // The database keeps its age: the source's bookkeeping replaces the migrator's.
        await using var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SourcePath}");
        Assert.Equal(await source.ExecuteScalarAsync<long>("SELECT MIN(applied_at) FROM schema_migrations"),
            await target.ExecuteScalarAsync<long>("SELECT MIN(applied_at) FROM schema_migrations"));
        // ... and records exactly PostgreSQL's versions, its own (*.postgres) included, so a server starting on it runs none again.
        Assert.Equal(Migrator.KnownVersionsFor(postgres: true).Order(StringComparer.Ordinal),
            (await target.QueryAsync<string>("SELECT version FROM schema_migrations")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_changed_value_in_the_copy_fails_the_verification_of_its_table_only()
    {
        var checks = await CopyChangeAndVerifyAsync("UPDATE node_properties SET xml = xml || ' ' WHERE node_id = @File");

        Assert.Equal(["node_properties"], checks.Where(c => !c.Matches).Select(c => c.Table));
        var changed = checks.Single(c => c.Table == "node_properties");
        Assert.Equal(changed.SourceRows, changed.TargetRows); // same count: only the checksum can tell
    }

    [Fact]
    public async Task A_changed_byte_of_inline_content_fails_the_verification_of_blob_contents()
    {
        var checks = await CopyChangeAndVerifyAsync("UPDATE blob_contents SET content = set_byte(content, 2, 129)");

        Assert.Equal(["blob_contents"], checks.Where(c => !c.Matches).Select(c => c.Table));
    }

    // Copies the seeded database, changes the copy with `change`, and verifies every table again.
    private async Task<IReadOnlyList<TableCheck>> CopyChangeAndVerifyAsync(string change)
    {
        await SeedAsync();
        Assert.True((await CopyAsync()).Value.Committed);
        await using var target = new NpgsqlConnection(_target);
        await target.OpenAsync();
        await target.ExecuteAsync(change, new { File });

        await using var source = await SqliteSnapshot.OpenAsync(SourcePath, CancellationToken.None);
        var tables = await CopySchema.ReadAsync(source, target, await CopySchema.SourceTablesAsync(source, CancellationToken.None), CancellationToken.None);
        return await CopyVerifier.VerifyAsync(source, target, tables.Value, CancellationToken.None);
    }

    [Fact]
    public async Task A_copy_that_fails_half_way_is_rolled_back_to_the_empty_schema()
    {
        await SeedAsync();
        await using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SourcePath};Pooling=false"))
        {
            // SQLite keeps any 64-bit integer; PostgreSQL's INTEGER column cannot: the copy fails at nodes, after users.
            await source.ExecuteAsync("UPDATE nodes SET kind = 5000000000 WHERE id = @File", new { File });
        }

        var result = await CopyAsync();

        Assert.False(result.IsSuccess);
        Assert.Contains("Copying table nodes failed", result.Error.Detail);
        Assert.Equal(0, await CountAsync("users"));
        Assert.Equal(Migrator.KnownVersionsFor(postgres: true).Count, await CountAsync("schema_migrations"));
    }

    [Fact]
    public async Task A_target_holding_only_the_schema_is_accepted_and_one_holding_rows_is_refused_untouched()
    {
        await SeedAsync();
        using (var migrated = new PostgresDatabase(_target))
        {
            await new Migrator(migrated, TimeProvider.System).MigrateAsync(CancellationToken.None);
        }

        Assert.True((await CopyAsync()).Value.Committed);

        var again = await CopyAsync();

        Assert.False(again.IsSuccess);
        Assert.Contains("already holds Depot data", again.Error.Detail);
        Assert.Equal(1, await CountAsync("users"));
        Assert.Equal(3, await CountAsync("nodes"));
    }

    [Fact]
    public async Task A_source_at_an_older_schema_is_refused_and_not_upgraded()
    {
        await SeedAsync();
        await using (var source = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SourcePath};Pooling=false"))
        {
            await source.ExecuteAsync("DELETE FROM schema_migrations WHERE version = @last", new { last = Migrator.KnownVersionsFor(postgres: false)[^1] });
        }

        var result = await CopyAsync();

        Assert.False(result.IsSuccess);
        Assert.Contains($"older schema than this depot-server (it lacks {Migrator.KnownVersionsFor(postgres: false)[^1]})", result.Error.Detail);
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SourcePath};Pooling=false");
        Assert.Equal(Migrator.KnownVersionsFor(postgres: false).Count - 1, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"));
        Assert.False(await ExistsAsync("schema_migrations")); // the target was not touched either
    }

    [Fact]
    public async Task Files_that_are_not_depot_databases_are_refused()
    {
        await System.IO.File.WriteAllTextAsync(SourcePath, "this is not a database, just a long enough text file to look like one");
        var garbage = await CopyAsync();
        Assert.False(garbage.IsSuccess);
        Assert.Contains("is not a Depot database", garbage.Error.Detail);

        System.IO.File.Delete(SourcePath);
        await using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={SourcePath};Pooling=false"))
        {
            await other.ExecuteAsync("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
        }

        var foreign = await CopyAsync();
        Assert.False(foreign.IsSuccess);
        Assert.Contains("is not a Depot database (it has no schema_migrations table)", foreign.Error.Detail);
        Assert.False(await ExistsAsync("schema_migrations"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private Task<Result<MetadataCopyReport>> CopyAsync() =>
        new MetadataCopier(TimeProvider.System).CopyAsync(SourcePath, _target, CancellationToken.None);

    private async Task<long> CountAsync(string table)
    {
        await using var target = new NpgsqlConnection(_target);
        return await target.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private async Task<bool> ExistsAsync(string table)
    {
        await using var target = new NpgsqlConnection(_target);
        return await target.ExecuteScalarAsync<bool>("SELECT to_regclass(@table) IS NOT NULL", new { table });
    }

    // A small tree written as the stores write it, with the values a copy gets wrong most easily: NULLs, non-ASCII text,
    // integers beyond 32 bits, and a child whose id sorts before its parent's.
    private async Task SeedAsync()
    {
        using var database = new SqliteDatabase(SourcePath);
        await new Migrator(database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            INSERT INTO users (id, username, username_key, password_hash, is_admin, disabled, quota_bytes, used_bytes, root_id, created_at)
            VALUES (@Owner, 'Zoë', 'zoë', 'pbkdf2-sha512$v1$210000$c2FsdA$aGFzaA', 1, 0, NULL, 5000000000, @Root, 1700000000000);
            INSERT INTO nodes (id, owner_id, parent_id, name, name_key, kind, size, created_at, modified_at, revision)
            VALUES (@Root, @Owner, NULL, '', '', 0, 0, 1700000000000, 1700000000001, 7);
            INSERT INTO nodes (id, owner_id, parent_id, name, name_key, kind, size, created_at, modified_at, trashed_at, trashed_path)
            VALUES (@Child, @Owner, @Root, 'Ordner', 'ordner', 0, 0, 1700000000000, 1700000000000, 1700000000500, '/Ordner');
            INSERT INTO blobs (id, size, sha256, created_at) VALUES (@Blob, 5000000000, 'ab', 1700000000000);
            INSERT INTO nodes (id, owner_id, parent_id, name, name_key, kind, current_version_id, size, sha256, content_type, created_at, modified_at)
            VALUES (@File, @Owner, @Child, 'Übersicht 📄.txt', 'übersicht 📄.txt', 1, @Blob, 5000000000, NULL, 'text/plain', 1700000000000, 1700000000000);
            INSERT INTO versions (id, node_id, blob_id, size, sha256, created_at, created_by) VALUES (@Blob, @File, @Blob, 5000000000, 'ab', 1700000000000, NULL);
            INSERT INTO node_properties (node_id, namespace, name, xml) VALUES (@File, 'urn:x', 'color', '<color xmlns="urn:x">röd</color>');
            INSERT INTO audit_events (id, at, action, actor_id, details) VALUES (@Blob, 1700000000000, 'file.upload', @Owner, '{"a":"b"}');
            INSERT INTO blobs (id, size, sha256, created_at) VALUES (@InlineBlob, 5, 'cd', 1700000000000);
            INSERT INTO blob_contents (blob_id, content) VALUES (@InlineBlob, @InlineContent);
            """, new { Owner, Root, Child, File, Blob, InlineBlob, InlineContent });
    }
}

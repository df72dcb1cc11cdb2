using Dapper;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Thumbnails;

namespace Depot.Core.Tests.Thumbnails;

/// <summary>The thumbnail cache's rows (migration 0023), against every metadata backend.</summary>
public abstract class SqlThumbnailStoreTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-thumbnails-");
    private IDatabase _database = null!;
    private SqlThumbnailStore _store = null!;

    protected abstract MetadataBackend Backend { get; }

    public async Task InitializeAsync()
    {
        _database = Backend.Create(_folder);
        await new Migrator(_database, TimeProvider.System).MigrateAsync(CancellationToken.None);
        _store = new SqlThumbnailStore(_database);
    }

    public Task DisposeAsync()
    {
        (_database as IDisposable)?.Dispose();
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_key_holds_one_thumbnail_the_first_recorded_and_forgetting_it_frees_the_key()
    {
        Assert.Null(await _store.FindAsync("aa", "small.v1", default));
        Assert.True(await _store.AddAsync("aa", "small.v1", "thumb-1", "source-1", 100, 1, default));
        Assert.False(await _store.AddAsync("aa", "small.v1", "thumb-2", "source-1", 100, 2, default));   // a concurrent render lost
        Assert.True(await _store.AddAsync("aa", "large.v1", "thumb-3", "source-1", 900, 3, default));
        Assert.Equal("thumb-1", await _store.FindAsync("aa", "small.v1", default));
        Assert.Equal("thumb-3", await _store.FindAsync("aa", "large.v1", default));

        await _store.ForgetAsync("thumb-1", default);
        Assert.Null(await _store.FindAsync("aa", "small.v1", default));
        Assert.True(await _store.AddAsync("aa", "small.v1", "thumb-4", "source-1", 100, 4, default));
    }

    [Fact]
    public async Task Stale_rows_are_those_whose_source_blob_is_gone_and_orphan_collection_knows_the_rest()
    {
        await using (var connection = await _database.OpenAsync(default))
        {
            await connection.ExecuteAsync("INSERT INTO blobs (id, size, sha256, created_at) VALUES ('kept', 1, 'k', 0)");
        }

        await _store.AddAsync("k", "small.v1", "thumb-kept", "kept", 10, 0, default);
        await _store.AddAsync("g", "small.v1", "thumb-gone", "gone", 10, 0, default);
        await _store.AddAsync("g", "large.v1", "thumb-gone-large", "gone", 10, 0, default);

        Assert.Equal(["thumb-gone"], await _store.DeleteStaleAsync(1, default));
        Assert.Equal(["thumb-gone-large"], await _store.DeleteStaleAsync(10, default));
        Assert.Empty(await _store.DeleteStaleAsync(10, default));
        Assert.Equal("thumb-kept", await _store.FindAsync("k", "small.v1", default));

        // Orphan collection deletes blob files no row knows: a cached thumbnail is known, a removed one is not.
        await using var session = await new SqlFileStore(_database, TimeProvider.System).ReadAsync(default);
        var known = await session.FindKnownBlobsAsync(["kept", "thumb-kept", "thumb-gone", "nothing"], default);
        Assert.Equal(["kept", "thumb-kept"], known.Order(StringComparer.Ordinal));
    }
}

using Depot.Core.Storage;

namespace Depot.Core.Tests.Storage;

public sealed class LocalBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-blobs-");

    public LocalBlobStoreTests() => Store = new LocalBlobStore(_folder.FullName, new StorageOptions(), TimeProvider.System);

    protected override IBlobStore Store { get; }

    [Fact]
    public async Task Blobs_spread_over_shards_named_by_the_random_end_of_their_ids()
    {
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add((await Store.WriteAsync(new MemoryStream([1, 2]), 2, CancellationToken.None)).Value.Id);
        }

        Assert.All(ids, id => Assert.True(File.Exists(Path.Combine(_folder.FullName, id[^2..], id))));
        // Ids written in one burst share their time-ordered prefix; 40 random two-digit shards all equal is ~256^-39.
        Assert.True(Directory.GetDirectories(_folder.FullName).Length > 1, "every blob went into one shard");
    }

    [Fact]
    public async Task Ids_that_are_not_blob_ids_never_become_paths() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync("../../etc/passwd", CancellationToken.None));

    [Fact]
    public async Task Concurrent_writes_share_directory_fsyncs_and_all_become_readable()
    {
        var writes = Enumerable.Range(0, 64).Select(i => Task.Run(() => Store.WriteAsync(new MemoryStream([(byte)i]), 1, CancellationToken.None)));
        var stored = await Task.WhenAll(writes);

        foreach (var (blob, i) in stored.Select((b, i) => (b.Value, i)))
        {
            await using var read = await Store.OpenReadAsync(blob.Id, 0, null, CancellationToken.None);
            Assert.Equal(i, read!.Content.ReadByte());
        }
    }

    [Fact]
    public async Task A_failing_directory_fsync_fails_every_writer_waiting_for_it()
    {
        var sync = new SharedDirectorySync();
        var missing = Path.Combine(_folder.FullName, "missing");
        var waits = Enumerable.Range(0, 8).Select(_ => sync.FlushAsync(missing)).ToList();

        foreach (var wait in waits)
        {
            await Assert.ThrowsAsync<IOException>(() => wait);
        }

        await sync.FlushAsync(_folder.FullName);   // and the next one runs normally
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

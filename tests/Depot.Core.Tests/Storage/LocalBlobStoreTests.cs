using Depot.Core.Storage;

namespace Depot.Core.Tests.Storage;

public sealed class LocalBlobStoreTests : BlobStoreContract, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-blobs-");

    public LocalBlobStoreTests() => Store = new LocalBlobStore(_folder.FullName, new StorageOptions(), TimeProvider.System);

    protected override IBlobStore Store { get; }

    [Fact]
    public async Task Blobs_live_in_two_hex_digit_shards()
    {
        var stored = (await Store.WriteAsync(new MemoryStream([1, 2]), 2, CancellationToken.None)).Value;
        Assert.True(File.Exists(Path.Combine(_folder.FullName, stored.Id[..2], stored.Id)));
    }

    [Fact]
    public async Task Ids_that_are_not_blob_ids_never_become_paths() =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync("../../etc/passwd", CancellationToken.None));

    public void Dispose() => _folder.Delete(recursive: true);
}

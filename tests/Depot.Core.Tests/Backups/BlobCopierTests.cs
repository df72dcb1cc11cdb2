using System.Security.Cryptography;
using Depot.Core.Backups;
using Depot.Core.Storage;
using Depot.Core.Tests.Files;

namespace Depot.Core.Tests.Backups;

/// <summary>
/// The backup's blob copy composes with a layer over the raw store (encryption at rest): bytes are copied as stored,
/// verified through the layer against the content's SHA-256, and a second copy into the same folder copies nothing.
/// </summary>
public sealed class BlobCopierTests : IAsyncLifetime
{
    private readonly XorLayer _layer = new();
    private FilesHarness _h = null!;
    private string _destination = null!;

    public async Task InitializeAsync()
    {
        _h = await FilesHarness.CreateAsync(MetadataBackend.Sqlite);
        _destination = Directory.CreateTempSubdirectory("depot-copier-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        Directory.Delete(_destination, recursive: true);
    }

    [Fact]
    public async Task Blobs_are_copied_as_stored_verified_through_the_layer_and_only_once()
    {
        var contents = new[] { RandomNumberGenerator.GetBytes(1000), RandomNumberGenerator.GetBytes(300_000), Array.Empty<byte>() };
        var ids = new List<string>();
        foreach (var content in contents)
        {
            ids.Add(await StoreAsync(content));
        }

        var destination = new LocalBlobStore(_destination, _h.Storage, _h.Clock);
        var first = await Copier(destination).CopyAsync(null, default);

        Assert.True(first.IsComplete, string.Join("; ", first.Problems));
        Assert.Equal((3, 3, 0), (first.Blobs, first.Copied, first.AlreadyThere));
        for (var i = 0; i < ids.Count; i++)
        {
            // The copy holds what the source holds (ciphertext, here XOR), not the content.
            Assert.Equal(await RawAsync(_h.Blobs, ids[i]), await RawAsync(destination, ids[i]));
            var copied = await RawAsync(destination, ids[i]);
            Assert.True(contents[i].Length == 0 || !contents[i].SequenceEqual(copied));
        }

        var second = await Copier(destination).CopyAsync(null, default);
        Assert.Equal((3, 0, 3), (second.Blobs, second.Copied, second.AlreadyThere));
    }

    [Fact]
    public async Task A_damaged_source_blob_is_named_and_not_kept_and_a_damaged_copy_is_replaced_when_verifying()
    {
        var good = await StoreAsync(RandomNumberGenerator.GetBytes(5000));
        var bad = await StoreAsync(RandomNumberGenerator.GetBytes(5000));
        var destination = new LocalBlobStore(_destination, _h.Storage, _h.Clock);
        await Copier(destination).CopyAsync(null, default);
        Flip(_h.Blobs.FileFor(bad));   // damaged in the source since
        await destination.DeleteAsync(bad, default);
        Flip(destination.FileFor(good));   // and the earlier copy of the other damaged in the backup

        var run = await Copier(destination, verifyExisting: true).CopyAsync(null, default);

        Assert.Equal(1, run.Failed);
        Assert.Contains(run.Problems, p => p.StartsWith(bad, StringComparison.Ordinal) && p.Contains("SHA-256", StringComparison.Ordinal));
        Assert.False(File.Exists(destination.FileFor(bad)));
        Assert.Equal(1, run.Copied);   // the damaged copy of the good blob, replaced
        Assert.Equal(await RawAsync(_h.Blobs, good), await RawAsync(destination, good));
    }

    private BlobCopier Copier(LocalBlobStore destination, bool verifyExisting = false) =>
        new(new SqlBlobHealthStore(_h.Database), _h.Blobs, destination, _layer, verifyExisting);

    // Written through the layer, recorded with the content's SHA-256, as the server does.
    private async Task<string> StoreAsync(byte[] content)
    {
        var stored = (await _layer.Wrap(_h.Blobs).WriteAsync(new MemoryStream(content), long.MaxValue, default)).Value;
        await using var session = await _h.Store.WriteAsync(default);
        await session.InsertBlobAsync(new StoredBlob(stored.Id, content.Length, Convert.ToHexStringLower(SHA256.HashData(content))), 0, default);
        await session.CommitAsync(default);
        return stored.Id;
    }

    private static async Task<byte[]> RawAsync(LocalBlobStore store, string id)
    {
        await using var opened = await store.OpenReadAsync(id, 0, null, default);
        using var buffer = new MemoryStream();
        await opened!.Content.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static void Flip(string file)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(file, bytes);
    }
}

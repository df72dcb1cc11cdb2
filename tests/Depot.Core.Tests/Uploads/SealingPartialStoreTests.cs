using System.Security.Cryptography;
using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;
using Depot.Core.Tests.Storage.Encryption;
using Depot.Core.Uploads;

namespace Depot.Core.Tests.Uploads;

/// <summary>
/// The partial-store contract for resumable uploads with encryption at rest: completed uploads are sealed into the
/// encrypted store under their own id, the blob folder never holds their plaintext, and a sealing cut short is redone.
/// </summary>
public sealed class SealingPartialStoreTests : PartialStoreContract, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-sealing-");
    private readonly LocalBlobStore _raw;
    private readonly LocalBlobStore _composed;
    private readonly EncryptedBlobStore _blobs;

    public SealingPartialStoreTests()
    {
        _raw = new LocalBlobStore(Path.Combine(_folder.FullName, "blobs"), new StorageOptions(), TimeProvider.System);
        _blobs = new EncryptedBlobStore(_raw, [MasterKey.Generate()]);
        var uploads = Path.Combine(_folder.FullName, "uploads");
        _composed = new LocalBlobStore(Path.Combine(uploads, "sealing"), new StorageOptions(), TimeProvider.System);
        Partials = new SealingPartialStore(new LocalPartialStore(uploads, _composed, new StorageOptions(), TimeProvider.System), _composed, _blobs);
    }

    protected override IPartialStore Partials { get; }

    protected override IBlobStore Blobs => _blobs;

    [Fact]
    public async Task A_completed_upload_is_sealed_and_no_plaintext_is_left_anywhere()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var data = EncryptedLocalBlobStoreTests.Pattern(200_000);
        Assert.Equal(data.Length, await Partials.AppendAsync(id, 0, new MemoryStream(data), default));

        Assert.True(await Partials.CompleteAsync(id, data.Length, default));

        var raw = await File.ReadAllBytesAsync(_raw.FileFor(id));
        Assert.Equal(-1, raw.AsSpan().IndexOf("DEPOT-PLAINTEXT-"u8));
        Assert.False(File.Exists(_composed.FileFor(id)));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_folder.FullName, "uploads"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_sealing_cut_short_is_redone_on_the_next_completion()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var data = RandomNumberGenerator.GetBytes(150_000);
        await Partials.AppendAsync(id, 0, new MemoryStream(data), default);
        Assert.True(await Partials.CompleteAsync(id, data.Length, default));
        // As a crash mid-sealing leaves it: the composed plaintext still there and a cut-off blob under the id.
        var sealedBytes = await File.ReadAllBytesAsync(_raw.FileFor(id));
        await File.WriteAllBytesAsync(_raw.FileFor(id), sealedBytes[..70_000]);
        Directory.CreateDirectory(Path.GetDirectoryName(_composed.FileFor(id))!);
        await File.WriteAllBytesAsync(_composed.FileFor(id), data);

        Assert.True(await Partials.CompleteAsync(id, data.Length, default));

        await using var read = (await _blobs.OpenReadAsync(id, 0, null, default))!;
        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        Assert.False(File.Exists(_composed.FileFor(id)));
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

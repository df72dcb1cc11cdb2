using System.Security.Cryptography;
using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;
using Depot.Core.Tests.Storage.Encryption;
using Depot.Core.Uploads;

namespace Depot.Core.Tests.Uploads;

/// <summary>
/// The partial-store contract for resumable uploads with encryption at rest: every part is sealed as it arrives, so
/// neither the upload folder nor the blob folder ever holds plaintext; a completion cut short is redone.
/// </summary>
public sealed class EncryptedPartialStoreTests : PartialStoreContract, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-encrypted-parts-");
    private readonly LocalBlobStore _raw;
    private readonly EncryptedBlobStore _blobs;
    private readonly LocalPartFolders _parts;

    public EncryptedPartialStoreTests()
    {
        _raw = new LocalBlobStore(Path.Combine(_folder.FullName, "blobs"), new StorageOptions(), TimeProvider.System);
        _blobs = new EncryptedBlobStore(_raw, [MasterKey.Generate()]);
        _parts = new LocalPartFolders(Path.Combine(_folder.FullName, "uploads", "encrypted"), new StorageOptions(), TimeProvider.System);
        Partials = new EncryptedPartialStore(_parts, _blobs);
    }

    protected override IPartialStore Partials { get; }

    protected override IBlobStore Blobs => _blobs;

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private IEnumerable<byte[]> FilesAtRest() =>
        Directory.EnumerateFiles(_folder.FullName, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes);

    [Fact]
    public async Task No_plaintext_is_at_rest_while_an_upload_is_unfinished_or_after_it_completed()
    {
        var id = NewId();
        var data = EncryptedLocalBlobStoreTests.Pattern(300_000);
        Assert.Equal(100_000, await Partials.AppendAsync(id, 0, new MemoryStream(data[..100_000]), default));
        Assert.Equal(data.Length, await Partials.AppendAsync(id, 100_000, new MemoryStream(data[100_000..]), default));

        Assert.NotEmpty(Directory.EnumerateFiles(_parts.Root, "*", SearchOption.AllDirectories));
        Assert.All(FilesAtRest(), bytes => Assert.Equal(-1, bytes.AsSpan().IndexOf("DEPOT-PLAINTEXT-"u8)));

        Assert.True(await Partials.CompleteAsync(id, data.Length, default));
        Assert.All(FilesAtRest(), bytes => Assert.Equal(-1, bytes.AsSpan().IndexOf("DEPOT-PLAINTEXT-"u8)));
        Assert.Empty(Directory.EnumerateFiles(_parts.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_part_that_was_never_recorded_is_replaced_by_the_next_append_at_the_recorded_offset()
    {
        var id = NewId();
        var first = RandomNumberGenerator.GetBytes(70_000);
        var lost = RandomNumberGenerator.GetBytes(50_000);
        var resent = RandomNumberGenerator.GetBytes(90_000);
        await Partials.AppendAsync(id, 0, new MemoryStream(first), default);
        await Partials.AppendAsync(id, first.Length, new MemoryStream(lost), default);   // its length never recorded

        Assert.Equal(first.Length + resent.Length, await Partials.AppendAsync(id, first.Length, new MemoryStream(resent), default));
        Assert.True(await Partials.CompleteAsync(id, first.Length + resent.Length, default));

        await using var read = (await _blobs.OpenReadAsync(id, 0, null, default))!;
        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        Assert.Equal([.. first, .. resent], copy.ToArray());
    }

    [Fact]
    public async Task A_completion_cut_short_is_redone()
    {
        var id = NewId();
        var data = RandomNumberGenerator.GetBytes(150_000);
        await Partials.AppendAsync(id, 0, new MemoryStream(data), default);
        // As a crash mid-completion leaves it: the parts still there and a cut-off blob under the upload's id.
        var keep = Path.Combine(_folder.FullName, "kept");
        CopyFolder(_parts.Root, keep);
        Assert.True(await Partials.CompleteAsync(id, data.Length, default));
        var sealedBytes = await File.ReadAllBytesAsync(_raw.FileFor(id));
        await File.WriteAllBytesAsync(_raw.FileFor(id), sealedBytes[..70_000]);
        CopyFolder(keep, _parts.Root);

        Assert.True(await Partials.CompleteAsync(id, data.Length, default));

        await using var read = (await _blobs.OpenReadAsync(id, 0, null, default))!;
        using var copy = new MemoryStream();
        await read.Content.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
        Assert.Empty(Directory.EnumerateFiles(_parts.Root, "*", SearchOption.AllDirectories));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);
}

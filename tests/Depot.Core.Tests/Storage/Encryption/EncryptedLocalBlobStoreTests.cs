using System.Security.Cryptography;
using System.Text;
using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;

namespace Depot.Core.Tests.Storage.Encryption;

/// <summary>
/// The blob-store contract over <see cref="EncryptedBlobStore"/> on the data folder, and what encryption promises: the
/// files hold no plaintext, any change to a chunk (a flipped bit, chunks swapped between blobs or reordered, a cut at
/// a chunk boundary) fails the read, ranges across chunk boundaries return the right bytes, and rotation leaves only the
/// new key able to open.
/// </summary>
public sealed class EncryptedLocalBlobStoreTests : BlobStoreContract, IDisposable
{
    private const int Chunk = 64 * 1024;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("depot-encrypted-");
    private readonly LocalBlobStore _raw;
    private readonly MasterKey _key = MasterKey.Generate();

    public EncryptedLocalBlobStoreTests()
    {
        _raw = new LocalBlobStore(_folder.FullName, new StorageOptions(), TimeProvider.System);
        Store = new EncryptedBlobStore(_raw, [_key]);
    }

    protected override IBlobStore Store { get; }

    [Fact]
    public async Task The_file_holds_none_of_the_plaintext()
    {
        var data = Pattern(5 * Chunk + 123);
        var stored = await WriteAsync(data);
        var raw = await File.ReadAllBytesAsync(_raw.FileFor(stored.Id));

        Assert.Equal(ChunkLayout.StoredLength(data.Length), raw.Length);
        // Any 16-byte window of the recognisable pattern would show; none does.
        Assert.Equal(-1, raw.AsSpan().IndexOf(data.AsSpan(0, 16)));
        Assert.Equal(-1, raw.AsSpan().IndexOf("DEPOT-PLAINTEXT-"u8));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), stored.Sha256);
        Assert.Equal(data.Length, stored.Size);
    }

    [Fact]
    public async Task A_flipped_bit_in_a_chunk_fails_the_read_before_its_bytes_are_returned()
    {
        var data = RandomNumberGenerator.GetBytes(3 * Chunk);
        var stored = await WriteAsync(data);
        FlipBit(stored.Id, ChunkLayout.StoredOffset(1) + 1000);

        var damaged = await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(stored.Id, 0, null));
        Assert.Equal(BlobDamage.ContentMismatch, damaged.Damage);
        // The chunk before it is intact and still reads; a range in the damaged one does not.
        Assert.Equal(data[..Chunk], await ReadAsync(stored.Id, 0, Chunk));
        await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(stored.Id, Chunk + 5, 10));
    }

    [Fact]
    public async Task A_flipped_bit_in_a_tag_or_the_header_fails_the_read()
    {
        var stored = await WriteAsync(RandomNumberGenerator.GetBytes(Chunk + 10));
        FlipBit(stored.Id, ChunkLayout.StoredOffset(1) - 3);
        await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(stored.Id, 0, null));

        var other = await WriteAsync(RandomNumberGenerator.GetBytes(100));
        FlipBit(other.Id, 20); // the nonce prefix: every chunk's nonce and associated data change
        await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(other.Id, 0, null));
    }

    [Fact]
    public async Task Chunks_swapped_between_two_blobs_do_not_authenticate()
    {
        var first = await WriteAsync(RandomNumberGenerator.GetBytes(2 * Chunk));
        var second = await WriteAsync(RandomNumberGenerator.GetBytes(2 * Chunk));
        var a = await File.ReadAllBytesAsync(_raw.FileFor(first.Id));
        var b = await File.ReadAllBytesAsync(_raw.FileFor(second.Id));
        var offset = (int)ChunkLayout.StoredOffset(0);
        b.AsSpan(offset, ChunkLayout.StoredChunkSize).CopyTo(a.AsSpan(offset));
        await File.WriteAllBytesAsync(_raw.FileFor(first.Id), a);

        await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(first.Id, 0, 100));
    }

    [Fact]
    public async Task Reordered_chunks_and_a_cut_at_a_chunk_boundary_do_not_authenticate()
    {
        var stored = await WriteAsync(RandomNumberGenerator.GetBytes((3 * Chunk) + 7));
        var path = _raw.FileFor(stored.Id);
        var bytes = await File.ReadAllBytesAsync(path);
        var swapped = bytes.ToArray();
        bytes.AsSpan((int)ChunkLayout.StoredOffset(0), ChunkLayout.StoredChunkSize).CopyTo(swapped.AsSpan((int)ChunkLayout.StoredOffset(1)));
        bytes.AsSpan((int)ChunkLayout.StoredOffset(1), ChunkLayout.StoredChunkSize).CopyTo(swapped.AsSpan((int)ChunkLayout.StoredOffset(0)));
        await File.WriteAllBytesAsync(path, swapped);
        await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(stored.Id, 0, null));

        // Without its short last chunk the blob looks like one of exactly three chunks, but the third was not sealed as the last.
        await File.WriteAllBytesAsync(path, bytes.AsSpan(0, (int)ChunkLayout.StoredOffset(3)).ToArray());
        var cut = (await Store.OpenReadAsync(stored.Id, 0, 0, CancellationToken.None))!;
        Assert.Equal(3 * Chunk, cut.BlobSize);
        await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(stored.Id, 2 * Chunk, null));
    }

    [Fact]
    public async Task Ranges_across_chunk_boundaries_return_the_right_bytes()
    {
        var data = RandomNumberGenerator.GetBytes((4 * Chunk) + 1234);
        var stored = await WriteAsync(data);
        var random = new Random(16);
        var offsets = new List<long> { 0, 1, Chunk - 1, Chunk, Chunk + 1, (2 * Chunk) - 1, 4 * Chunk, data.Length - 1 };
        for (var i = 0; i < 150; i++)
        {
            offsets.Add(random.Next(data.Length));
        }

        foreach (var offset in offsets)
        {
            foreach (var length in new long?[] { 1, 2, Chunk - 1, Chunk, Chunk + 1, 3 * Chunk, random.Next(1, 3 * Chunk), null })
            {
                var expected = data.AsSpan((int)offset, (int)Math.Min(data.Length - offset, length ?? long.MaxValue)).ToArray();
                Assert.Equal(expected, await ReadAsync(stored.Id, offset, length));
            }
        }
    }

    [Fact]
    public async Task Sizes_at_and_around_chunk_boundaries_round_trip()
    {
        foreach (var size in new[] { 0, 1, Chunk - 1, Chunk, Chunk + 1, 2 * Chunk })
        {
            var data = RandomNumberGenerator.GetBytes(size);
            var stored = await WriteAsync(data);
            Assert.Equal(ChunkLayout.StoredLength(size), new FileInfo(_raw.FileFor(stored.Id)).Length);
            Assert.Equal(size, ChunkLayout.PlaintextLength(ChunkLayout.StoredLength(size)));
            Assert.Equal(data, await ReadAsync(stored.Id, 0, null));
        }
    }

    [Fact]
    public async Task Another_key_does_not_open_a_blob()
    {
        var stored = await WriteAsync(RandomNumberGenerator.GetBytes(500));
        var other = new EncryptedBlobStore(_raw, [MasterKey.Generate()]);

        await Assert.ThrowsAsync<BlobDamagedException>(() => other.OpenReadAsync(stored.Id, 0, null, CancellationToken.None));
        var check = (await other.CheckKeyAsync(stored.Id, CancellationToken.None))!;
        Assert.True(check.Encrypted);
        Assert.False(check.Opens);
        Assert.Equal([_key.Id], check.KeyIds);
    }

    [Fact]
    public async Task After_rotation_only_the_new_key_opens_and_the_content_is_unchanged()
    {
        var data = RandomNumberGenerator.GetBytes((2 * Chunk) + 3);
        var blobs = new[] { await WriteAsync(data), await WriteAsync(data[..10]) };
        var ciphertext = (await File.ReadAllBytesAsync(_raw.FileFor(blobs[0].Id)))[BlobHeader.Size..];
        var newKey = MasterKey.Generate();

        var report = await new KeyRotator(_raw, _key, newKey).RotateAsync(null, CancellationToken.None);

        Assert.Equal(new KeyRotationReport(2, 2, 0, 0, []), report with { FailedIds = [] });
        Assert.Equal(ciphertext, (await File.ReadAllBytesAsync(_raw.FileFor(blobs[0].Id)))[BlobHeader.Size..]);
        var rotated = new EncryptedBlobStore(_raw, [newKey]);
        Assert.Equal(data, await ReadAllAsync((await rotated.OpenReadAsync(blobs[0].Id, 0, null, CancellationToken.None))!));
        Assert.Equal(data[..10], await ReadAllAsync((await rotated.OpenReadAsync(blobs[1].Id, 0, null, CancellationToken.None))!));
        await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(blobs[0].Id, 0, null));

        // A second run finds nothing left to do.
        var again = await new KeyRotator(_raw, _key, newKey).RotateAsync(null, CancellationToken.None);
        Assert.Equal(2, again.AlreadyRotated);
    }

    [Fact]
    public async Task A_rotation_cut_short_between_slot_writes_leaves_a_blob_either_key_opens()
    {
        var data = RandomNumberGenerator.GetBytes(1000);
        var stored = await WriteAsync(data);
        var newKey = MasterKey.Generate();
        // The first of the three writes done, as a crash right after it leaves the header: slot 2 holds the new key's wrap.
        var header = new byte[BlobHeader.Size];
        await using (var opened = (await _raw.OpenReadAsync(stored.Id, 0, BlobHeader.Size, CancellationToken.None))!)
        {
            await opened.Content.ReadExactlyAsync(header);
        }

        Assert.True(_raw.OverwriteInPlace(stored.Id, BlobHeader.OffsetOf(1), BlobHeader.Open(header, [_key])!.Wrap(newKey)));

        Assert.Equal(data, await ReadAsync(stored.Id, 0, null));
        Assert.Equal(data, await ReadAllAsync((await new EncryptedBlobStore(_raw, [newKey]).OpenReadAsync(stored.Id, 0, null, CancellationToken.None))!));
        var report = await new KeyRotator(_raw, _key, newKey).RotateAsync(null, CancellationToken.None);
        Assert.Equal(1, report.Rotated);
        await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(stored.Id, 0, null));
    }

    [Fact]
    public async Task An_unencrypted_file_is_not_taken_for_a_blob()
    {
        var plain = (await _raw.WriteAsync(new MemoryStream(Pattern(300)), long.MaxValue, CancellationToken.None)).Value;
        Assert.False((await ((EncryptedBlobStore)Store).CheckKeyAsync(plain.Id, CancellationToken.None))!.Encrypted);
        await Assert.ThrowsAsync<BlobDamagedException>(() => ReadAsync(plain.Id, 0, null));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A recognisable, never-repeating text: "DEPOT-PLAINTEXT-00000000…".</summary>
    internal static byte[] Pattern(int size)
    {
        var text = new StringBuilder(size + 32);
        for (var i = 0; text.Length < size; i++)
        {
            text.Append("DEPOT-PLAINTEXT-").Append(i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, size));
    }

    private async Task<StoredBlob> WriteAsync(byte[] data) =>
        (await Store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;

    private async Task<byte[]> ReadAsync(string id, long offset, long? length) =>
        await ReadAllAsync((await Store.OpenReadAsync(id, offset, length, CancellationToken.None))!);

    private void FlipBit(string id, long offset)
    {
        using var file = new FileStream(_raw.FileFor(id), FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x10));
    }
}

using Amazon.S3;
using Amazon.S3.Model;
using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;
using Depot.Core.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace Depot.Core.Tests.Storage.Encryption;

/// <summary>
/// The blob-store contract over <see cref="EncryptedBlobStore"/> on a real bucket (Ceph RGW): client-side encryption,
/// so the objects hold only ciphertext, and a flipped bit in an object fails its read.
/// </summary>
public sealed class EncryptedS3BlobStoreTests : BlobStoreContract, IClassFixture<S3BucketFixture>, IDisposable
{
    private readonly S3StorageOptions _options;
    private readonly AmazonS3Client _client;
    private readonly S3BlobStore _raw;

    public EncryptedS3BlobStoreTests(S3BucketFixture bucket)
    {
        _options = bucket.NewOptions();
        _client = S3Clients.Create(_options);
        _raw = new S3BlobStore(S3Clients.Create(_options), _options, TimeProvider.System, NullLogger<S3BlobStore>.Instance) { ListPageSize = 2 };
        Store = new EncryptedBlobStore(_raw, [MasterKey.Generate()]);
    }

    protected override IBlobStore Store { get; }

    protected override async Task AssertNothingPendingAsync()
    {
        var uploads = await _client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _options.Bucket, Prefix = _options.Prefix });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task The_object_holds_none_of_the_plaintext_and_a_flipped_bit_fails_the_read()
    {
        // Over one S3 part (8 MiB), so the multipart path is covered as well.
        var data = EncryptedLocalBlobStoreTests.Pattern((9 * 1024 * 1024) + 77);
        var stored = (await Store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;
        var key = _options.BlobPrefix + stored.Id;

        var raw = await ReadObjectAsync(key);
        Assert.Equal(ChunkLayout.StoredLength(data.Length), raw.Length);
        Assert.Equal(-1, raw.AsSpan().IndexOf("DEPOT-PLAINTEXT-"u8));
        Assert.Equal(data[5_000_000..5_200_000], await ReadAllAsync((await Store.OpenReadAsync(stored.Id, 5_000_000, 200_000, CancellationToken.None))!));

        raw[(int)ChunkLayout.StoredOffset(40) + 9] ^= 1;
        await _client.DeleteObjectAsync(_options.Bucket, key);
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _options.Bucket, Key = key, InputStream = new MemoryStream(raw) });
        await Assert.ThrowsAsync<BlobDamagedException>(async () => await ReadAllAsync((await Store.OpenReadAsync(stored.Id, 0, null, CancellationToken.None))!));
        Assert.Equal(data[..65536], await ReadAllAsync((await Store.OpenReadAsync(stored.Id, 0, 65536, CancellationToken.None))!));
    }

    [Fact]
    public async Task After_rotation_on_s3_only_the_new_key_opens_and_the_content_is_unchanged()
    {
        var oldKey = ((EncryptedBlobStore)Store).Keys[0];
        var data = System.Security.Cryptography.RandomNumberGenerator.GetBytes((9 * 1024 * 1024) + 5);
        var large = (await Store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;
        var empty = (await Store.WriteAsync(new MemoryStream(), long.MaxValue, CancellationToken.None)).Value;
        var ciphertext = (await ReadObjectAsync(_options.BlobPrefix + large.Id))[BlobHeader.Size..];
        var newKey = MasterKey.Generate();

        var report = await new KeyRotator(_raw, oldKey, newKey).RotateAsync(null, CancellationToken.None);

        Assert.Equal((2L, 2L, 0L), (report.Blobs, report.Rotated, report.Failed));
        Assert.Equal(ciphertext, (await ReadObjectAsync(_options.BlobPrefix + large.Id))[BlobHeader.Size..]);
        var rotated = new EncryptedBlobStore(_raw, [newKey]);
        Assert.Equal(data, await ReadAllAsync((await rotated.OpenReadAsync(large.Id, 0, null, CancellationToken.None))!));
        Assert.Empty(await ReadAllAsync((await rotated.OpenReadAsync(empty.Id, 0, null, CancellationToken.None))!));
        await Assert.ThrowsAsync<BlobDamagedException>(() => Store.OpenReadAsync(large.Id, 0, null, CancellationToken.None));
        Assert.Equal(2, (await new KeyRotator(_raw, oldKey, newKey).RotateAsync(null, CancellationToken.None)).AlreadyRotated);
        await AssertNothingPendingAsync();
    }

    public void Dispose()
    {
        _raw.Dispose();
        _client.Dispose();
    }

    private async Task<byte[]> ReadObjectAsync(string key)
    {
        using var response = await _client.GetObjectAsync(_options.Bucket, key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

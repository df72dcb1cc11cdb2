using Amazon.S3;
using Amazon.S3.Model;
using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;
using Depot.Core.Storage.S3;
using Depot.Core.Tests.Storage;
using Depot.Core.Tests.Storage.Encryption;
using Depot.Core.Uploads;
using Microsoft.Extensions.Logging.Abstractions;

namespace Depot.Core.Tests.Uploads;

/// <summary>
/// The partial-store contract for encrypted uploads on a real S3 server (Ceph RGW): parts sealed into the bucket under
/// <c>encrypted-uploads/</c>, where any node can continue; the bucket never holds plaintext. Small list pages.
/// </summary>
public sealed class EncryptedPartialStoreOnS3Tests : PartialStoreContract, IClassFixture<S3BucketFixture>, IDisposable
{
    private readonly S3StorageOptions _options;
    private readonly AmazonS3Client _client;
    private readonly S3BlobStore _raw;
    private readonly EncryptedBlobStore _blobs;
    private readonly EncryptedPartialStore _partials;

    public EncryptedPartialStoreOnS3Tests(S3BucketFixture bucket)
    {
        _options = bucket.NewOptions();
        _options.PartSize = 5 * 1024 * 1024;   // S3's smallest, so the contract's sizes cross part boundaries
        _client = S3Clients.Create(_options);
        _raw = new S3BlobStore(S3Clients.Create(_options), _options, TimeProvider.System, NullLogger<S3BlobStore>.Instance);
        _blobs = new EncryptedBlobStore(_raw, [MasterKey.Generate()]);
        var parts = new S3PartFolders(S3Clients.Create(_options), _options, NullLogger<S3PartFolders>.Instance) { ListPageSize = 2 };
        _partials = new EncryptedPartialStore(parts, _blobs);
    }

    protected override IPartialStore Partials => _partials;

    protected override IBlobStore Blobs => _blobs;

    private async Task<List<(string Key, byte[] Bytes)>> ObjectsAsync()
    {
        var objects = new List<(string, byte[])>();
        var listed = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix });
        foreach (var item in listed.S3Objects ?? [])
        {
            using var response = await _client.GetObjectAsync(_options.Bucket, item.Key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            objects.Add((item.Key[_options.Prefix!.Length..], copy.ToArray()));
        }

        return objects;
    }

    [Fact]
    public async Task Parts_are_sealed_in_the_bucket_outside_the_blobs_and_no_plaintext_is_there_before_or_after_completion()
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var data = EncryptedLocalBlobStoreTests.Pattern(6 * 1024 * 1024 + 300);
        var offset = await Partials.AppendAsync(id, 0, new MemoryStream(data[..200_000]), default);
        offset = await Partials.AppendAsync(id, offset, new MemoryStream(data[200_000..]), default);

        var unfinished = await ObjectsAsync();
        Assert.Equal(2, unfinished.Count);
        Assert.All(unfinished, o => Assert.StartsWith($"encrypted-uploads/{id}/blobs/", o.Key, StringComparison.Ordinal));
        Assert.All(unfinished, o => Assert.Equal(-1, o.Bytes.AsSpan().IndexOf("DEPOT-PLAINTEXT-"u8)));

        Assert.True(await Partials.CompleteAsync(id, offset, default));
        var done = Assert.Single(await ObjectsAsync());
        Assert.Equal($"blobs/{id}", done.Key);
        Assert.Equal(-1, done.Bytes.AsSpan().IndexOf("DEPOT-PLAINTEXT-"u8));
    }

    public void Dispose()
    {
        _partials.Dispose();
        _raw.Dispose();
        _client.Dispose();
    }
}

using Amazon.S3;
using Amazon.S3.Model;
using Depot.Core.Storage;
using Depot.Core.Storage.S3;
using Depot.Core.Tests.Storage;
using Depot.Core.Uploads;
using Depot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Depot.Core.Tests.Uploads;

/// <summary>
/// The partial-store contract against a real S3 server (Ceph RGW, <see cref="S3Server"/>), completing into
/// <see cref="S3BlobStore"/> in the same bucket under the same prefix; each test has a prefix of its own. Small list
/// pages, so listing crosses pages.
/// </summary>
public sealed class S3PartialStoreTests : PartialStoreContract, IClassFixture<S3BucketFixture>, IDisposable
{
    private readonly S3StorageOptions _options;
    private readonly AmazonS3Client _client;
    private readonly S3BlobStore _blobs;
    private readonly S3PartialStore _partials;

    public S3PartialStoreTests(S3BucketFixture bucket)
    {
        _options = bucket.NewOptions();
        _options.PartSize = 5 * 1024 * 1024;   // S3's smallest, so the contract's sizes cross part boundaries
        _client = S3Clients.Create(_options);
        _blobs = new S3BlobStore(S3Clients.Create(_options), _options, TimeProvider.System, NullLogger<S3BlobStore>.Instance);
        _partials = new S3PartialStore(S3Clients.Create(_options), _options, NullLogger<S3PartialStore>.Instance) { ListPageSize = 2 };
    }

    protected override IPartialStore Partials => _partials;

    protected override IBlobStore Blobs => _blobs;

    private async Task<List<string>> KeysAsync()
    {
        var listed = await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = _options.Prefix });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key[_options.Prefix!.Length..])];
    }

    private async Task<int> MultipartUploadsAsync() =>
        (await _client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _options.Bucket, Prefix = _options.Prefix }))
        .MultipartUploads?.Count ?? 0;

    [Fact]
    public async Task Completion_leaves_only_the_blob_no_staging_objects_or_multipart_uploads()
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        long offset = 0;
        foreach (var size in new[] { 3 * 1024 * 1024, 3 * 1024 * 1024, 100, 6 * 1024 * 1024 })
        {
            offset = await _partials.AppendAsync(id, offset, new MemoryStream(new byte[size]), default);
        }

        Assert.NotEmpty(await KeysAsync());
        Assert.Equal(1, await MultipartUploadsAsync());
        Assert.True(await _partials.CompleteAsync(id, offset, default));

        Assert.Equal([$"blobs/{id}"], await KeysAsync());
        Assert.Equal(0, await MultipartUploadsAsync());
        Assert.Equal(offset, (await _blobs.OpenReadAsync(id, 0, 0, default))!.BlobSize);
    }

    [Fact]
    public async Task Staging_objects_of_recorded_parts_are_deleted_once_a_later_part_is_filled()
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        long offset = 0;
        // 4 MiB staged, 4 MiB fills part 1 (1 MiB staged at 5 MiB), 4 MiB staged, 4 MiB fills part 2: part 1's staging goes.
        for (var i = 0; i < 4; i++)
        {
            offset = await _partials.AppendAsync(id, offset, new MemoryStream(new byte[4 * 1024 * 1024]), default);
        }

        var staged = (await KeysAsync()).Where(k => k.StartsWith("uploads/", StringComparison.Ordinal)).ToList();
        Assert.All(staged, k => Assert.True(long.Parse(k[(k.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= 5 * 1024 * 1024, k));
    }

    [Fact]
    public async Task Listing_pages_through_many_uploads_once_each()
    {
        var ids = Enumerable.Range(0, 5).Select(_ => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))).ToList();
        foreach (var id in ids)
        {
            await _partials.AppendAsync(id, 0, new MemoryStream(new byte[6 * 1024 * 1024]), default);   // a part and a staged tail
        }

        var listed = new List<string>();
        await foreach (var listing in _partials.ListAsync(default))
        {
            listed.Add(listing.Id);
        }

        Assert.Equal(ids.Order(StringComparer.Ordinal), listed);
    }

    public void Dispose()
    {
        _partials.Dispose();
        _blobs.Dispose();
        _client.Dispose();
    }
}

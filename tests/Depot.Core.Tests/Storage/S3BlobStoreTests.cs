using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Depot.Core.Storage;
using Depot.Core.Storage.S3;
using Depot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Depot.Core.Tests.Storage;

/// <summary>One bucket on the test process's RGW for the S3 blob store tests; each test has a key prefix of its own.</summary>
public sealed class S3BucketFixture
{
    public string Bucket { get; } = S3Server.Shared.CreateBucket("blobs");

    /// <summary>Options for this bucket on the test RGW under a key prefix of their own, so each test starts empty.</summary>
    public S3StorageOptions NewOptions() => new()
    {
        ServiceUrl = S3Server.Shared.ServiceUrl,
        Bucket = Bucket,
        AccessKey = S3Server.AccessKey,
        SecretKey = S3Server.SecretKey,
        Prefix = $"{Guid.NewGuid():N}/",
    };
}

/// <summary>
/// The blob-store contract against a real S3 server (Ceph RGW, <see cref="S3Server"/>), plus what only S3 has: the
/// conditional write, multipart uploads that are aborted, and listing in pages. Each test works under its own key prefix.
/// </summary>
public sealed class S3BlobStoreTests : BlobStoreContract, IClassFixture<S3BucketFixture>, IDisposable
{
    private readonly S3StorageOptions _options;
    private readonly AmazonS3Client _client;
    private readonly S3BlobStore _store;

    public S3BlobStoreTests(S3BucketFixture bucket)
    {
        _options = bucket.NewOptions();
        _client = S3Clients.Create(_options);
        _store = new S3BlobStore(S3Clients.Create(_options), _options, TimeProvider.System, NullLogger<S3BlobStore>.Instance) { ListPageSize = 2 };
    }

    protected override IBlobStore Store => _store;

    protected override async Task AssertNothingPendingAsync()
    {
        var uploads = await _client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _options.Bucket, Prefix = _options.Prefix });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task Blobs_are_objects_under_the_prefix()
    {
        var stored = (await Store.WriteAsync(new MemoryStream([1, 2, 3]), 3, CancellationToken.None)).Value;
        using var head = await _client.GetObjectAsync(_options.Bucket, $"{_options.Prefix}blobs/{stored.Id}");
        Assert.Equal(3, head.ContentLength);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(9 * 1024 * 1024)]   // a multipart upload: If-None-Match on its completion
    public async Task An_existing_object_is_never_overwritten(int size)
    {
        var id = Ids.New(TimeProvider.System);
        var key = $"{_options.Prefix}blobs/{id}";
        await _client.PutObjectAsync(new PutObjectRequest { BucketName = _options.Bucket, Key = key, ContentBody = "original" });
        using var colliding = new S3BlobStore(S3Clients.Create(_options), _options, () => id, NullLogger.Instance);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => colliding.WriteAsync(new MemoryStream(new byte[size]), long.MaxValue, CancellationToken.None));

        using var kept = await _client.GetObjectAsync(_options.Bucket, key);
        using var reader = new StreamReader(kept.ResponseStream);
        Assert.Equal("original", await reader.ReadToEndAsync());
        await AssertNothingPendingAsync();
    }

    [Fact]
    public async Task A_body_of_exactly_one_part_reads_back()
    {
        var data = RandomNumberGenerator.GetBytes(_options.PartSize);
        var stored = (await Store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;
        Assert.Equal(data, await ReadAllAsync((await Store.OpenReadAsync(stored.Id, 0, null, CancellationToken.None))!));
    }

    [Fact]
    public async Task An_unreachable_store_is_storage_unavailable()
    {
        var options = new S3StorageOptions
        {
            ServiceUrl = "http://127.0.0.1:1",
            Bucket = _options.Bucket,
            AccessKey = S3Server.AccessKey,
            SecretKey = S3Server.SecretKey,
            MaxRetries = 1,
            RequestTimeout = TimeSpan.FromSeconds(5),
        };
        using var down = new S3BlobStore(S3Clients.Create(options), options, TimeProvider.System, NullLogger<S3BlobStore>.Instance);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => down.WriteAsync(new MemoryStream([1]), 1, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => down.OpenReadAsync(Ids.New(TimeProvider.System), 0, null, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => down.CheckReadyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_bucket_is_storage_unavailable()
    {
        var options = new S3StorageOptions
        {
            ServiceUrl = S3Server.Shared.ServiceUrl, Bucket = "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8],
            AccessKey = S3Server.AccessKey, SecretKey = S3Server.SecretKey,
        };
        using var missing = new S3BlobStore(S3Clients.Create(options), options, TimeProvider.System, NullLogger<S3BlobStore>.Instance);
        await Assert.ThrowsAsync<StorageUnavailableException>(() => missing.CheckReadyAsync(CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => missing.WriteAsync(new MemoryStream([1]), 1, CancellationToken.None));
    }

    public void Dispose()
    {
        _store.Dispose();
        _client.Dispose();
    }
}

using System.Diagnostics;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Depot.Core.Storage;
using Depot.Core.Storage.S3;
using Depot.Testing;
using Depot.Testing.Faults;
using Microsoft.Extensions.Logging.Abstractions;

namespace Depot.Core.Tests.Storage;

/// <summary>
/// <see cref="S3BlobStore"/> against a real RGW through a <see cref="FaultProxy"/>: throttling answers (503 SlowDown),
/// resets and a stalled store either are retried to a correct object or fail as <see cref="StorageUnavailableException"/>
/// with nothing left visible; a ranged read fetches only its range. Each test has its own proxy and key prefix.
/// </summary>
public sealed class S3FaultTests : IClassFixture<S3BucketFixture>, IAsyncLifetime
{
    private const int PartSize = 5 * 1024 * 1024;
    private readonly FaultProxy _proxy = new(new Uri(S3Server.Shared.ServiceUrl));
    private readonly AmazonS3Client _direct = S3Server.Shared.CreateClient();   // around the proxy, to see what is really stored
    private readonly string _bucket;
    private readonly string _prefix = $"{Guid.NewGuid():N}/";

    public S3FaultTests(S3BucketFixture bucket) => _bucket = bucket.Bucket;

    public Task InitializeAsync() => Task.CompletedTask;

    private S3BlobStore CreateStore(int maxRetries = 4, TimeSpan? timeout = null)
    {
        var options = new S3StorageOptions
        {
            ServiceUrl = _proxy.ServiceUrl,
            Bucket = _bucket,
            AccessKey = S3Server.AccessKey,
            SecretKey = S3Server.SecretKey,
            Prefix = _prefix,
            PartSize = PartSize,
            MaxRetries = maxRetries,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(60),
        };
        return new S3BlobStore(S3Clients.Create(options), options, TimeProvider.System, NullLogger<S3BlobStore>.Instance);
    }

    [Theory]
    [InlineData(1000)]                       // one PUT
    [InlineData((2 * PartSize) + 12345)]     // a multipart upload of three parts
    public async Task A_few_slow_downs_are_retried_and_the_object_reads_back_whole(int size)
    {
        using var store = CreateStore();
        var data = RandomNumberGenerator.GetBytes(size);
        _proxy.AnswerSlowDown(requests: 3);

        var stored = (await store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;

        Assert.Equal(3, _proxy.SlowDownsAnswered);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), stored.Sha256);
        Assert.Equal(SHA256.HashData(data), await StoredHashAsync(stored.Id));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData((2 * PartSize) + 12345)]
    public async Task Slow_down_without_end_is_storage_unavailable_and_leaves_nothing(int size)
    {
        using var store = CreateStore(maxRetries: 2);
        _proxy.AnswerSlowDown();

        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => store.WriteAsync(new MemoryStream(RandomNumberGenerator.GetBytes(size)), long.MaxValue, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.CheckReadyAsync(CancellationToken.None));

        _proxy.PassThrough();
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_part_cut_off_by_resets_is_resent_and_the_object_reads_back_whole()
    {
        using var store = CreateStore();
        var data = RandomNumberGenerator.GetBytes((2 * PartSize) + 999);
        _proxy.ResetRequests(afterBytes: 1024 * 1024, times: 2);   // the first part, twice, a MiB in

        var stored = (await store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;

        Assert.Equal(2, _proxy.Resets);
        Assert.Equal(SHA256.HashData(data), await StoredHashAsync(stored.Id));
        await AssertNoMultipartUploadsAsync();
    }

    [Theory]
    [InlineData(1000 * 1000)]                // one PUT, reset at 64 KiB every time
    [InlineData((2 * PartSize) + 999)]
    public async Task Resets_without_end_are_storage_unavailable_and_leave_nothing(int size)
    {
        using var store = CreateStore(maxRetries: 2);
        _proxy.ResetRequests(afterBytes: 64 * 1024);

        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => store.WriteAsync(new MemoryStream(RandomNumberGenerator.GetBytes(size)), long.MaxValue, CancellationToken.None));

        Assert.True(_proxy.Resets >= 3, $"{_proxy.Resets} resets");   // the first try and two retries
        _proxy.PassThrough();
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_store_slower_than_the_request_timeout_is_unavailable_in_bounded_time()
    {
        using var store = CreateStore(maxRetries: 1, timeout: TimeSpan.FromSeconds(1));
        _proxy.Throttle(TimeSpan.FromSeconds(30));   // every chunk waits longer than an attempt may take
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => store.WriteAsync(new MemoryStream(RandomNumberGenerator.GetBytes(1000)), long.MaxValue, CancellationToken.None));
        await Assert.ThrowsAsync<StorageUnavailableException>(() => store.OpenReadAsync(Ids.New(TimeProvider.System), 0, null, CancellationToken.None));

        // Two attempts of 1 s each (plus back-off) per call; far below the 30 s a chunk would take.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        _proxy.PassThrough();
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_throttled_store_is_slow_but_stores_correctly()
    {
        using var store = CreateStore();
        var data = RandomNumberGenerator.GetBytes(256 * 1024);
        _proxy.Throttle(TimeSpan.FromMilliseconds(20), chunkSize: 16 * 1024);   // about 800 KB/s

        var stored = (await store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;
        var opened = (await store.OpenReadAsync(stored.Id, 0, null, CancellationToken.None))!;
        await using (opened)
        {
            using var copy = new MemoryStream();
            await opened.Content.CopyToAsync(copy);
            Assert.Equal(data, copy.ToArray());
        }
    }

    [Fact]
    public async Task A_reset_in_the_middle_of_a_read_fails_the_read_and_never_ends_it_short()
    {
        using var store = CreateStore();
        var data = RandomNumberGenerator.GetBytes(1024 * 1024);
        var stored = (await store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;
        _proxy.ResetResponses(afterBytes: 256 * 1024, times: 1);

        var opened = (await store.OpenReadAsync(stored.Id, 0, null, CancellationToken.None))!;
        await using (opened)
        {
            using var copy = new MemoryStream();
            // The store failed, so the read says so (and the server answers 503 or aborts its response).
            await Assert.ThrowsAsync<StorageUnavailableException>(() => opened.Content.CopyToAsync(copy));
            Assert.True(copy.Length < data.Length);
        }
    }

    [Fact]
    public async Task A_ranged_read_fetches_only_its_range_and_a_whole_read_everything()
    {
        using var store = CreateStore();
        var data = RandomNumberGenerator.GetBytes(4 * 1024 * 1024);
        var stored = (await store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;

        var before = _proxy.ResponseBytes;
        var range = (await store.OpenReadAsync(stored.Id, 1_000_000, 5000, CancellationToken.None))!;
        Assert.Equal(data.Length, range.BlobSize);
        Assert.Equal(data.AsSpan(1_000_000, 5000).ToArray(), await ReadAllAsync(range));
        // The GET asked for bytes=1000000-1004999: the store sent those and its headers, not the 3 MiB to the end.
        Assert.InRange(_proxy.ResponseBytes - before, 5000, 5000 + 4096);

        var tail = (await store.OpenReadAsync(stored.Id, data.Length - 10, null, CancellationToken.None))!;
        Assert.Equal(data[^10..], await ReadAllAsync(tail));
        var whole = (await store.OpenReadAsync(stored.Id, 0, null, CancellationToken.None))!;
        Assert.Equal(data, await ReadAllAsync(whole));
    }

    private static async Task<byte[]> ReadAllAsync(OpenedBlob opened)
    {
        await using (opened)
        {
            using var copy = new MemoryStream();
            await opened.Content.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    private async Task<byte[]> StoredHashAsync(string id)
    {
        using var response = await _direct.GetObjectAsync(_bucket, $"{_prefix}blobs/{id}");
        return await SHA256.HashDataAsync(response.ResponseStream);
    }

    private async Task AssertNothingStoredAsync()
    {
        var objects = await _direct.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix });
        Assert.Empty(objects.S3Objects ?? []);
        await AssertNoMultipartUploadsAsync();
    }

    private async Task AssertNoMultipartUploadsAsync()
    {
        var uploads = await _direct.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = _prefix });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    public async Task DisposeAsync()
    {
        _direct.Dispose();
        await _proxy.DisposeAsync();
    }
}

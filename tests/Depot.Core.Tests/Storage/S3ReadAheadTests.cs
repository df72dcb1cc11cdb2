using System.Buffers;
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
/// <see cref="S3Upload"/>'s read-ahead against a real RGW: the next part is read while the previous one is sent; a part
/// that fails meanwhile ends the upload at once with the store's failure and nothing left; beyond
/// <see cref="S3StorageOptions.ReadAheadUploads"/> uploads send their parts one after another. Each test has its own key prefix.
/// </summary>
public sealed class S3ReadAheadTests : IClassFixture<S3BucketFixture>, IAsyncLifetime
{
    private const int PartSize = 5 * 1024 * 1024;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly FaultProxy _proxy = new(new Uri(S3Server.Shared.ServiceUrl));
    private readonly AmazonS3Client _direct = S3Server.Shared.CreateClient();
    private readonly string _bucket;
    private readonly string _prefix = $"{Guid.NewGuid():N}/";

    public S3ReadAheadTests(S3BucketFixture bucket) => _bucket = bucket.Bucket;

    public Task InitializeAsync() => Task.CompletedTask;

    private S3Upload CreateUpload(int readAheads = 16, int maxRetries = 4)
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
            ReadAheadUploads = readAheads,
        };
        return new S3Upload(S3Clients.Create(options), options, ArrayPool<byte>.Shared, NullLogger.Instance);
    }

    [Fact]
    public async Task The_next_part_is_read_while_the_previous_one_is_sent()
    {
        var upload = CreateUpload();
        var data = RandomNumberGenerator.GetBytes((3 * PartSize) + 777);
        var heldAt = new List<int>();
        var body = new PartGateStream(data, PartSize, (_, _) =>
        {
            heldAt.Add(upload.ReadAheadsInUse);
            return Task.CompletedTask;
        });

        var stored = (await upload.WriteAsync("a", Key("a"), body, long.MaxValue, CancellationToken.None).WaitAsync(Bound)).Value;

        Assert.Equal([1, 1, 1], heldAt);        // parts 2, 3 and 4 were read with part 1, 2 and 3 in flight
        Assert.Equal(0, upload.ReadAheadsInUse);  // given back when the upload ended
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), stored.Sha256);
        Assert.Equal(SHA256.HashData(data), await StoredHashAsync("a"));
        await AssertNoMultipartUploadsAsync();
    }

    [Fact]
    public async Task A_part_failing_while_the_next_is_read_cuts_the_read_short_aborts_and_leaves_nothing()
    {
        var upload = CreateUpload(maxRetries: 1);
        var readCancelled = false;
        // Part 2's read never ends on its own: only the failure of part 1 can end the upload.
        var body = new PartGateStream(RandomNumberGenerator.GetBytes(3 * PartSize), PartSize, async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                readCancelled = true;
                throw;
            }
        });
        _proxy.ResetRequests(afterBytes: 1024 * 1024);   // every part, a MiB in; requests without a body pass
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => upload.WriteAsync("b", Key("b"), body, long.MaxValue, CancellationToken.None).WaitAsync(Bound));

        Assert.True(readCancelled);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(0, upload.ReadAheadsInUse);
        _proxy.PassThrough();
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Beyond_the_read_ahead_cap_parts_are_sent_one_after_another()
    {
        var upload = CreateUpload(readAheads: 1);
        var release = new TaskCompletionSource();
        var holding = new TaskCompletionSource();
        var first = RandomNumberGenerator.GetBytes((2 * PartSize) + 1);
        var holder = upload.WriteAsync("first", Key("first"), new PartGateStream(first, PartSize, async (_, token) =>
        {
            holding.TrySetResult();
            await release.Task.WaitAsync(token);
        }), long.MaxValue, CancellationToken.None);
        await holding.Task.WaitAsync(Bound);   // the first upload holds the only read-ahead, reading its part 2

        var second = RandomNumberGenerator.GetBytes((3 * PartSize) + 5);
        var seen = new List<(int ReadAheads, int PartsStored, int Part)>();
        var serial = (await upload.WriteAsync("second", Key("second"), new PartGateStream(second, PartSize, async (part, _) =>
            seen.Add((upload.ReadAheadsInUse, await PartsStoredAsync("second"), part))), long.MaxValue, CancellationToken.None).WaitAsync(Bound)).Value;

        // Each part of the second upload was stored before the next was read: one buffer, no read-ahead of its own.
        Assert.Equal([(1, 1, 2), (1, 2, 3), (1, 3, 4)], seen);
        release.SetResult();
        var held = (await holder.WaitAsync(Bound)).Value;
        Assert.Equal(0, upload.ReadAheadsInUse);
        Assert.Equal(SHA256.HashData(second), await StoredHashAsync("second"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(second)), serial.Sha256);
        Assert.Equal(SHA256.HashData(first), await StoredHashAsync("first"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(first)), held.Sha256);
        await AssertNoMultipartUploadsAsync();
    }

    [Fact]
    public async Task With_no_read_ahead_allowed_every_upload_is_serial_and_whole()
    {
        var upload = CreateUpload(readAheads: 0);
        var data = RandomNumberGenerator.GetBytes((2 * PartSize) + 3);
        var seen = new List<int>();
        var body = new PartGateStream(data, PartSize, async (_, _) => seen.Add(await PartsStoredAsync("c")));

        await upload.WriteAsync("c", Key("c"), body, long.MaxValue, CancellationToken.None).WaitAsync(Bound);

        Assert.Equal([1, 2], seen);
        Assert.Equal(SHA256.HashData(data), await StoredHashAsync("c"));
    }

    private string Key(string name) => $"{_prefix}blobs/{name}";

    private async Task<int> PartsStoredAsync(string name)
    {
        var uploads = await _direct.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _bucket, Prefix = Key(name) });
        var pending = Assert.Single(uploads.MultipartUploads ?? []);
        var parts = await _direct.ListPartsAsync(new ListPartsRequest { BucketName = _bucket, Key = Key(name), UploadId = pending.UploadId });
        return parts.Parts?.Count ?? 0;
    }

    private async Task<byte[]> StoredHashAsync(string name)
    {
        using var response = await _direct.GetObjectAsync(_bucket, Key(name));
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

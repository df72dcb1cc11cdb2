using System.Buffers;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Storage.S3;

/// <summary>
/// Blobs as objects <c>{Prefix}blobs/{id}</c> in one bucket of an S3-compatible store. Writes stream through
/// <see cref="S3Upload"/> (one PUT or a multipart upload, never the whole body in memory, never overwriting); reads are
/// one ranged GET each; listing pages through ListObjectsV2. Failures of the store after the SDK's retries are
/// <see cref="StorageUnavailableException"/>. As on disk, the object is complete before any metadata refers to it, and a
/// crash in between leaves an orphan that garbage collection lists and deletes after the grace period.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IBlobWritesWithId, IDisposable
{
    private readonly IAmazonS3 _client;
    private readonly S3StorageOptions _options;
    private readonly Func<string> _newId;
    private readonly S3Upload _upload;
    private readonly string _keyPrefix;

    public S3BlobStore(IAmazonS3 client, S3StorageOptions options, TimeProvider clock, ILogger<S3BlobStore> logger)
        : this(client, options, () => Ids.New(clock), logger)
    {
    }

    /// <summary>With the ids it writes chosen by <paramref name="newId"/>: tests use it to write to an existing key.</summary>
    internal S3BlobStore(IAmazonS3 client, S3StorageOptions options, Func<string> newId, ILogger logger)
        // Part buffers are large and long-lived: a pool of their own, so they are not churned through the shared pool's
        // small-array buckets; a few per size, the rest are allocated and collected.
        : this(client, options, options.BlobPrefix, new S3Upload(client, options, ArrayPool<byte>.Create(options.PartSize, maxArraysPerBucket: 16), logger), newId)
    {
    }

    /// <summary>
    /// Blobs under another key prefix of the same bucket, writing through a shared <paramref name="upload"/>: the sealed
    /// parts of one encrypted tus upload (<see cref="Uploads.S3PartFolders"/>). Only written with given ids.
    /// </summary>
    internal S3BlobStore(IAmazonS3 client, S3StorageOptions options, string keyPrefix, S3Upload upload, Func<string>? newId = null)
    {
        _client = client;
        _options = options;
        _keyPrefix = keyPrefix;
        _upload = upload;
        _newId = newId ?? (() => throw new NotSupportedException("This store only writes blobs under given ids."));
    }

    // S3's largest page: one request per 1,000 blobs, and never more than a page of ids in memory. Tests make it small.
    internal int ListPageSize { get; init; } = 1000;

    public Task<Result<StoredBlob>> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var id = _newId();
        return _upload.WriteAsync(id, KeyFor(id), content, maxBytes, cancellationToken);
    }

    /// <summary>
    /// Writes a blob under an id it already has elsewhere (<see cref="Move.BlobMover"/> copies a local blob folder keeping its
    /// ids, which the metadata refers to). Never overwrites, like <see cref="WriteAsync"/>: an existing object fails the write.
    /// </summary>
    public Task<Result<StoredBlob>> WriteAsAsync(string id, Stream content, long maxBytes, CancellationToken cancellationToken) =>
        _upload.WriteAsync(id, KeyFor(id), content, maxBytes, cancellationToken);

    /// <summary>
    /// Replaces an existing blob's object whole (<see cref="Encryption.KeyRotator"/> rewrites encrypted headers this way,
    /// since objects cannot be changed in place). Atomic: readers see the old object or the new one, never a mix.
    /// </summary>
    public Task<Result<StoredBlob>> ReplaceAsync(string id, Stream content, CancellationToken cancellationToken) =>
        _upload.WriteAsync(id, KeyFor(id), content, long.MaxValue, cancellationToken, replace: true);

    public async Task<OpenedBlob?> OpenReadAsync(string id, long offset, long? length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var key = KeyFor(id);
        if (length == 0)
        {
            return await SizeOfAsync(key, cancellationToken) is { } size ? new OpenedBlob(new EmptyReadStream(), size) : null;
        }

        var request = new GetObjectRequest { BucketName = _options.Bucket, Key = key };
        if (offset > 0 || length is not null)
        {
            request.ByteRange = length is { } count ? new ByteRange(offset, offset + count - 1) : new ByteRange($"bytes={offset}-");
        }

        GetObjectResponse response;
        try
        {
            response = await S3Faults.CallAsync("read an object", token => _client.GetObjectAsync(request, token), cancellationToken);
        }
        catch (StorageUnavailableException e) when (e.InnerException is AmazonS3Exception s3 && S3Faults.IsNotFound(s3))
        {
            return null;
        }
        catch (StorageUnavailableException e) when (e.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.RequestedRangeNotSatisfiable })
        {
            // The range starts at or past the end (as on disk, that reads nothing); the object exists.
            return await SizeOfAsync(key, cancellationToken) is { } size ? new OpenedBlob(new EmptyReadStream(), size) : null;
        }

        return new OpenedBlob(new S3ReadStream(response), TotalSize(response));
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        // S3 answers a delete of a missing key with 204 as well: idempotent without a check.
        S3Faults.CallAsync("delete an object",
            token => _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _options.Bucket, Key = KeyFor(id) }, token),
            cancellationToken);

    public async IAsyncEnumerable<BlobListing> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = _keyPrefix;
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = prefix, MaxKeys = ListPageSize };
        do
        {
            var page = await S3Faults.CallAsync("list objects", token => _client.ListObjectsV2Async(request, token), cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                var id = item.Key[prefix.Length..];
                // Only keys that are blob ids: anything else under the prefix is not Depot's to collect.
                if (Ids.IsBlobId(id))
                {
                    yield return new BlobListing(id, new DateTimeOffset(item.LastModified ?? DateTime.UnixEpoch, TimeSpan.Zero));
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    public Task CheckReadyAsync(CancellationToken cancellationToken) =>
        S3Faults.CallAsync("reach the bucket",
            token => _client.GetBucketLocationAsync(new GetBucketLocationRequest { BucketName = _options.Bucket }, token), cancellationToken);

    private async Task<long?> SizeOfAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var head = await S3Faults.CallAsync("read an object's size",
                token => _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = _options.Bucket, Key = key }, token),
                cancellationToken);
            return head.ContentLength;
        }
        catch (StorageUnavailableException e) when (e.InnerException is AmazonS3Exception s3 && S3Faults.IsNotFound(s3))
        {
            return null;
        }
    }

    // A ranged answer says the whole size after the slash of Content-Range ("bytes 0-99/1234"); a whole one in its length.
    private static long TotalSize(GetObjectResponse response) =>
        response.ContentRange is { } range && range.LastIndexOf('/') is var slash and >= 0
            && long.TryParse(range.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total)
            ? total
            : response.ContentLength;

    /// <summary>Disposes the client it was given: the store owns it (the container disposes the store at shutdown).</summary>
    public void Dispose() => _client.Dispose();

    private string KeyFor(string id) => Ids.IsBlobId(id)
        ? _keyPrefix + id
        : throw new ArgumentException($"'{id}' is not a blob id.", nameof(id));
}

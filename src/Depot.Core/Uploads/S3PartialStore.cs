using System.Buffers;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Depot.Core.Storage;
using Depot.Core.Storage.S3;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Uploads;

/// <summary>
/// Unfinished uploads in the bucket of <see cref="S3BlobStore"/>, as a multipart upload for the blob's own key
/// <c>{Prefix}blobs/{id}</c>, so completing one is CompleteMultipartUpload, never a copy. S3 keeps all the state; nothing
/// is kept in memory or in the database:
/// <list type="bullet">
/// <item>Parts are aligned: part <c>n</c> holds exactly bytes <c>[(n-1)·S, n·S)</c> of the upload, S being
/// <see cref="S3StorageOptions.PartSize"/>. The recorded offset O alone says which parts count (the first
/// <c>⌊O/S⌋</c>); a part an unrecorded append left beyond them is overwritten by the next append (same part number) or
/// left out of the completion.</item>
/// <item>The bytes past the last full part, less than S (S3 takes no part below 5 MiB but the last), are staging objects
/// <c>{Prefix}uploads/{id}/{offset}</c>, one per append, keyed by the offset it started at: an append at the recorded
/// offset replaces whatever an unrecorded one left at that key; keys past the offset are never read.</item>
/// <item>When an append fills a part, the staged bytes are read back (less than S) and sent with the new ones as that
/// part; staging objects of parts already recorded are deleted then, the rest at completion.</item>
/// </list>
/// Every append is durable in S3 (a PUT or UploadPart answered) before it returns. The multipart upload is started by
/// the first append that fills a part, or by the completion.
/// </summary>
public sealed class S3PartialStore : IPartialStore, IDisposable
{
    // S3's limit on the number of parts of one upload: with the default 8 MiB parts an upload holds 78 GiB at most.
    private const int MaxParts = 10_000;

    private readonly IAmazonS3 _client;
    private readonly S3StorageOptions _options;
    private readonly ArrayPool<byte> _buffers;
    private readonly ILogger _logger;

    public S3PartialStore(IAmazonS3 client, S3StorageOptions options, ILogger<S3PartialStore> logger)
    {
        _client = client;
        _options = options;
        _logger = logger;
        // As S3BlobStore: part buffers are large and long-lived, a pool of their own.
        _buffers = ArrayPool<byte>.Create(options.PartSize, maxArraysPerBucket: 16);
    }

    // S3's largest page; tests make it small to cross pages.
    internal int ListPageSize { get; init; } = 1000;

    private int PartSize => _options.PartSize;

    public async Task<long> AppendAsync(string uploadId, long offset, Stream part, CancellationToken cancellationToken)
    {
        var key = BlobKey(uploadId);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var partNumber = (int)(offset / PartSize) + 1;   // the part the byte at offset belongs to
        var staged = (int)(offset % PartSize);           // bytes of that part already staged
        var buffer = _buffers.Rent(PartSize);
        try
        {
            var position = offset;
            var filled = staged;
            string? multipart = null;
            while (true)
            {
                var read = await FillAsync(part, buffer, filled, PartSize, cancellationToken);
                filled += read;
                position += read;
                if (filled < PartSize)
                {
                    // The part ended (without an exception: only then does any of it count) before filling S3's part:
                    // its bytes since the last full part are staged under the offset they start at.
                    var start = position - (filled - staged);
                    if (filled > staged)
                    {
                        await PutStagedAsync(uploadId, start, buffer, staged, filled - staged, cancellationToken);
                    }

                    return position;
                }

                if (partNumber > MaxParts)
                {
                    throw new IOException($"Upload {uploadId} exceeds what the object store takes in one object ({MaxParts} parts of {PartSize} bytes).");
                }

                multipart ??= await FindOrStartAsync(key, partNumber > 1 ? uploadId : null, cancellationToken);
                if (staged > 0)
                {
                    // Bytes of earlier appends in this part: back from their staging objects (less than one part).
                    await ReadStagedAsync(uploadId, (long)(partNumber - 1) * PartSize, staged, buffer, cancellationToken);
                }

                await UploadPartAsync(key, multipart, partNumber, buffer, PartSize, cancellationToken);
                (partNumber, staged, filled) = (partNumber + 1, 0, 0);
            }
        }
        finally
        {
            _buffers.Return(buffer);
        }
    }

    public async Task<bool> CompleteAsync(string uploadId, long length, CancellationToken cancellationToken)
    {
        var key = BlobKey(uploadId);
        if (await SizeOfAsync(key, cancellationToken) is { } existing)
        {
            // Completed before (a crash after CompleteMultipartUpload, before the metadata commit).
            await CleanUpAsync(uploadId, key);
            return existing == length;
        }

        var full = (int)(length / PartSize);
        var tail = (int)(length % PartSize);
        if (full == 0)
        {
            // Less than one part, all staged: one PUT (a multipart upload an unrecorded append started is aborted).
            var buffer = _buffers.Rent(Math.Max(tail, 1));
            try
            {
                if (tail > 0 && !await TryReadStagedAsync(uploadId, 0, tail, buffer, cancellationToken))
                {
                    return false;
                }

                await PutBlobAsync(key, buffer, tail, cancellationToken);
            }
            finally
            {
                _buffers.Return(buffer);
            }

            await CleanUpAsync(uploadId, key);
            return true;
        }

        var multipart = await FindAsync(key, cancellationToken);
        if (multipart is null || full + (tail > 0 ? 1 : 0) > MaxParts)
        {
            return false;
        }

        var parts = await FullPartsAsync(key, multipart, full, cancellationToken);
        if (parts is null)
        {
            return false;   // a part is missing or of another size (the part size was changed under the upload)
        }

        if (tail > 0)
        {
            var buffer = _buffers.Rent(tail);
            try
            {
                if (!await TryReadStagedAsync(uploadId, (long)full * PartSize, tail, buffer, cancellationToken))
                {
                    return false;
                }

                parts.Add(await UploadPartAsync(key, multipart, full + 1, buffer, tail, cancellationToken));
            }
            finally
            {
                _buffers.Return(buffer);
            }
        }

        try
        {
            await S3Faults.CallAsync("complete a multipart upload", token => _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                UploadId = multipart,
                PartETags = parts,
            }, token), cancellationToken);
        }
        catch (StorageUnavailableException)
        {
            // The completion may have taken effect with only its answer lost (the SDK's retry then finds no such upload).
            if (await SizeOfAsync(key, cancellationToken) != length)
            {
                throw;
            }
        }

        await CleanUpAsync(uploadId, key);
        return true;
    }

    public Task DeleteAsync(string uploadId, CancellationToken cancellationToken) => DeleteAllAsync(uploadId, BlobKey(uploadId), cancellationToken);

    public IAsyncEnumerable<BlobListing> ListAsync(CancellationToken cancellationToken) =>
        S3PartialListing.MergeAsync(ListMultipartAsync(cancellationToken), ListStagedAsync(cancellationToken), cancellationToken);

    /// <summary>Disposes the client it was given: the store owns it.</summary>
    public void Dispose() => _client.Dispose();

    /// <summary>Unfinished multipart uploads under the blobs' prefix, by id, with the instant each was started.</summary>
    private async IAsyncEnumerable<BlobListing> ListMultipartAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = _options.BlobPrefix;
        var request = new ListMultipartUploadsRequest { BucketName = _options.Bucket, Prefix = prefix, MaxUploads = ListPageSize };
        while (true)
        {
            var page = await S3Faults.CallAsync("list multipart uploads", token => _client.ListMultipartUploadsAsync(request, token), cancellationToken);
            foreach (var upload in page.MultipartUploads ?? [])
            {
                var id = upload.Key[prefix.Length..];
                if (Ids.IsBlobId(id))
                {
                    yield return new BlobListing(id, new DateTimeOffset(upload.Initiated ?? DateTime.UnixEpoch, TimeSpan.Zero));
                }
            }

            if (page.IsTruncated != true)
            {
                yield break;
            }

            (request.KeyMarker, request.UploadIdMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }
    }

    /// <summary>Staging objects, one listing per object in key order (so by id); the merge folds an id's objects.</summary>
    private async IAsyncEnumerable<BlobListing> ListStagedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = StagingRoot;
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = prefix, MaxKeys = ListPageSize };
        do
        {
            var page = await S3Faults.CallAsync("list staged parts", token => _client.ListObjectsV2Async(request, token), cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                var rest = item.Key.AsSpan(prefix.Length);
                if (rest.IndexOf('/') is 32 && Ids.IsBlobId(rest[..32].ToString()))
                {
                    yield return new BlobListing(rest[..32].ToString(), new DateTimeOffset(item.LastModified ?? DateTime.UnixEpoch, TimeSpan.Zero));
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    /// <summary>Reads until <paramref name="end"/> bytes are in <paramref name="buffer"/> or the part ends; the bytes read.</summary>
    private static async Task<int> FillAsync(Stream part, byte[] buffer, int from, int end, CancellationToken cancellationToken)
    {
        var filled = from;
        int read;
        while (filled < end && (read = await part.ReadAsync(buffer.AsMemory(filled, end - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled - from;
    }

    private async Task ReadStagedAsync(string uploadId, long partStart, int count, byte[] buffer, CancellationToken cancellationToken)
    {
        if (!await TryReadStagedAsync(uploadId, partStart, count, buffer, cancellationToken))
        {
            throw new IOException($"The staged data of upload {uploadId} does not reach offset {partStart + count}, which was recorded.");
        }
    }

    /// <summary>
    /// Reads bytes <c>[partStart, partStart + count)</c> from the chain of staging objects that starts at
    /// <paramref name="partStart"/> (each starts where the one before ended) into the start of <paramref name="buffer"/>,
    /// and deletes staging objects of earlier parts (recorded: <paramref name="partStart"/> is at or below the offset).
    /// </summary>
    private async Task<bool> TryReadStagedAsync(string uploadId, long partStart, int count, byte[] buffer, CancellationToken cancellationToken)
    {
        var prefix = StagingPrefix(uploadId);
        var sizes = new Dictionary<long, long>();
        var obsolete = new List<KeyVersion>();
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = prefix };
        do
        {
            var page = await S3Faults.CallAsync("list staged parts", token => _client.ListObjectsV2Async(request, token), cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                if (long.TryParse(item.Key.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var start))
                {
                    if (start < partStart)
                    {
                        obsolete.Add(new KeyVersion { Key = item.Key });
                    }
                    else
                    {
                        sizes[start] = item.Size ?? 0;
                    }
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        var at = partStart;
        var end = partStart + count;
        while (at < end)
        {
            if (!sizes.TryGetValue(at, out var size) || size == 0)
            {
                return false;
            }

            var take = (int)Math.Min(size, end - at);
            await GetStagedAsync(StagingKey(uploadId, at), buffer.AsMemory((int)(at - partStart), take), cancellationToken);
            at += take;
        }

        await DeleteObjectsAsync(obsolete, cancellationToken);
        return true;
    }

    private async Task GetStagedAsync(string key, Memory<byte> into, CancellationToken cancellationToken)
    {
        using var response = await S3Faults.CallAsync("read a staged part", token => _client.GetObjectAsync(new GetObjectRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            ByteRange = new ByteRange(0, into.Length - 1),
        }, token), cancellationToken);
        try
        {
            await response.ResponseStream.ReadExactlyAsync(into, cancellationToken);
        }
        catch (Exception e) when (e is EndOfStreamException || S3Faults.IsStoreFailure(e, cancellationToken))
        {
            throw S3Faults.Unavailable("read a staged part", e);
        }
    }

    private Task<PutObjectResponse> PutStagedAsync(string uploadId, long start, byte[] buffer, int index, int count, CancellationToken cancellationToken) =>
        S3Faults.CallAsync("stage a part", async token =>
        {
            // Overwrites on purpose: an object at this offset can only be what an unrecorded append left.
            using var body = new MemoryStream(buffer, index, count, writable: false);
            return await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _options.Bucket,
                Key = StagingKey(uploadId, start),
                InputStream = body,
                AutoCloseStream = false,
                ContentType = "application/octet-stream",
            }, token);
        }, cancellationToken);

    private Task<PutObjectResponse> PutBlobAsync(string key, byte[] buffer, int count, CancellationToken cancellationToken) =>
        S3Faults.CallAsync("store an object", async token =>
        {
            using var body = new MemoryStream(buffer, 0, count, writable: false);
            return await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                InputStream = body,
                AutoCloseStream = false,
                IfNoneMatch = "*",
                ContentType = "application/octet-stream",
            }, token);
        }, cancellationToken);

    private Task<PartETag> UploadPartAsync(string key, string multipart, int number, byte[] buffer, int count, CancellationToken cancellationToken) =>
        S3Faults.CallAsync("store a part", async token =>
        {
            using var body = new MemoryStream(buffer, 0, count, writable: false);
            var response = await _client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                UploadId = multipart,
                PartNumber = number,
                PartSize = count,
                InputStream = body,
            }, token);
            return new PartETag(number, response.ETag);
        }, cancellationToken);

    /// <summary>The ETags of parts 1..<paramref name="count"/>, each exactly one part size; null if one is missing or not.</summary>
    private async Task<List<PartETag>?> FullPartsAsync(string key, string multipart, int count, CancellationToken cancellationToken)
    {
        var parts = new List<PartETag>(count);
        var request = new ListPartsRequest { BucketName = _options.Bucket, Key = key, UploadId = multipart };
        while (parts.Count < count)
        {
            var page = await S3Faults.CallAsync("list parts", token => _client.ListPartsAsync(request, token), cancellationToken);
            foreach (var part in page.Parts ?? [])
            {
                if (part.PartNumber > count)
                {
                    break;
                }

                if (part.PartNumber != parts.Count + 1 || part.Size != PartSize)
                {
                    return null;
                }

                parts.Add(new PartETag(part.PartNumber.Value, part.ETag));
            }

            if (page.IsTruncated != true)
            {
                break;
            }

            request.PartNumberMarker = page.NextPartNumberMarker?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return parts.Count == count ? parts : null;
    }

    /// <summary>
    /// The upload's multipart upload: the oldest, should a retried start have made two (the others are aborted at
    /// completion or deletion); a new one when there is none, unless <paramref name="requiredBy"/> names an upload
    /// whose recorded parts must already be there.
    /// </summary>
    private async Task<string> FindOrStartAsync(string key, string? requiredBy, CancellationToken cancellationToken)
    {
        if (await FindAsync(key, cancellationToken) is { } existing)
        {
            return existing;
        }

        if (requiredBy is not null)
        {
            throw new IOException($"The parts of upload {requiredBy} are gone from the object store.");
        }

        return (await S3Faults.CallAsync("start a multipart upload", token => _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            ContentType = "application/octet-stream",
        }, token), cancellationToken)).UploadId;
    }

    private async Task<string?> FindAsync(string key, CancellationToken cancellationToken)
    {
        var found = await MultipartsOfAsync(key, cancellationToken);
        return found.Count == 0 ? null : found.MinBy(u => (u.Initiated, u.UploadId))!.UploadId;
    }

    private async Task<List<MultipartUpload>> MultipartsOfAsync(string key, CancellationToken cancellationToken)
    {
        // Ids have a fixed length, so the key as a prefix matches this key alone.
        var page = await S3Faults.CallAsync("list multipart uploads", token => _client.ListMultipartUploadsAsync(
            new ListMultipartUploadsRequest { BucketName = _options.Bucket, Prefix = key }, token), cancellationToken);
        return [.. (page.MultipartUploads ?? []).Where(u => u.Key == key)];
    }

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

    /// <summary>After a completion: what is left of the upload is an orphan the cleanup job collects should this fail.</summary>
    private async Task CleanUpAsync(string uploadId, string key)
    {
        try
        {
            await DeleteAllAsync(uploadId, key, CancellationToken.None);
        }
        catch (StorageUnavailableException e)
        {
            UploadsLog.PartialDeleteFailed(_logger, uploadId, e);
        }
    }

    private async Task DeleteAllAsync(string uploadId, string key, CancellationToken cancellationToken)
    {
        foreach (var upload in await MultipartsOfAsync(key, cancellationToken))
        {
            await S3Faults.CallAsync("abort a multipart upload", token => _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = _options.Bucket,
                Key = key,
                UploadId = upload.UploadId,
            }, token), cancellationToken);
        }

        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = StagingPrefix(uploadId) };
        do
        {
            var page = await S3Faults.CallAsync("list staged parts", token => _client.ListObjectsV2Async(request, token), cancellationToken);
            await DeleteObjectsAsync([.. (page.S3Objects ?? []).Select(o => new KeyVersion { Key = o.Key })], cancellationToken);
            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);
    }

    private async Task DeleteObjectsAsync(List<KeyVersion> keys, CancellationToken cancellationToken)
    {
        // DeleteObjects takes 1,000 keys at most, and needs a Content-MD5 the SDK adds itself.
        foreach (var chunk in keys.Chunk(1000))
        {
            var response = await S3Faults.CallAsync("delete staged parts", token => _client.DeleteObjectsAsync(new DeleteObjectsRequest
            {
                BucketName = _options.Bucket,
                Objects = [.. chunk],
                Quiet = true,
            }, token), cancellationToken);
            if (response.DeleteErrors is { Count: > 0 } errors)
            {
                throw new StorageUnavailableException($"The object store failed to delete {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
            }
        }
    }

    private string StagingRoot => (_options.Prefix ?? "") + "uploads/";

    private string StagingPrefix(string uploadId) => $"{StagingRoot}{uploadId}/";

    // Zero-padded to 19 digits (any long), so the keys of an upload list in offset order.
    private string StagingKey(string uploadId, long start) =>
        StagingPrefix(uploadId) + start.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private string BlobKey(string id) => Ids.IsBlobId(id)
        ? _options.BlobPrefix + id
        : throw new ArgumentException($"'{id}' is not an upload id.", nameof(id));
}

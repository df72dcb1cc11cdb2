using System.Buffers;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Depot.Protocol;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Storage.S3;

/// <summary>
/// Streams one body into the new object <c>key</c> with bounded memory: the body is read into one pooled part buffer
/// at a time (<see cref="S3StorageOptions.PartSize"/>) and hashed (SHA-256) and counted on the way. A body that ends
/// within the first buffer is one PUT; a longer one (or one of unknown length) is a multipart upload, a part per
/// buffer. Both carry <c>If-None-Match: *</c>, so an existing object is never replaced. Any failure, cancellation or
/// an exceeded limit aborts the multipart upload, so nothing is left behind.
/// </summary>
/// <remarks>
/// Once the whole body is in, the last request (the PUT, or the completion) is no longer the caller's to cancel: a
/// request cancelled in flight may still be stored by the server after the SDK gave up on it, which would leave an
/// object no one knows of until garbage collection. Finished instead, it is returned, and the caller deletes it by id
/// on its own failure path as on disk (the client's per-request timeout and retries still bound it).
/// Reading the next part and sending the previous one do not overlap: that would double the memory per upload for a
/// gain only where the client is as fast as the store. Each part is sent from a seekable buffer, so the SDK's
/// retries can resend it.
/// </remarks>
internal sealed class S3Upload(IAmazonS3 client, S3StorageOptions options, ArrayPool<byte> buffers, ILogger logger)
{
    // S3's limit on the number of parts of one upload.
    private const int MaxParts = 10_000;

    /// <summary>
    /// Writes <paramref name="content"/> as object <paramref name="key"/>. Never over an existing object, unless
    /// <paramref name="replace"/> (only key rotation replaces one: S3 swaps the whole object atomically when the write completes).
    /// </summary>
    public async Task<Result<StoredBlob>> WriteAsync(string id, string key, Stream content, long maxBytes, CancellationToken cancellationToken,
        bool replace = false)
    {
        var partSize = options.PartSize;
        var buffer = buffers.Rent(partSize);
        string? uploadId = null;
        var completed = false;
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var parts = new List<PartETag>();
            long total = 0;
            while (true)
            {
                var filled = await FillAsync(content, buffer, partSize, cancellationToken);
                total += filled;
                if (total > maxBytes)
                {
                    return Result<StoredBlob>.Fail(ErrorCodes.PayloadTooLarge, $"The content exceeds the limit of {maxBytes} bytes.");
                }

                hash.AppendData(buffer, 0, filled);
                var last = filled < partSize;
                if (uploadId is null && last)
                {
                    await PutAsync(key, buffer, filled, replace, CancellationToken.None);
                    completed = true;
                    return new StoredBlob(id, total, Convert.ToHexStringLower(hash.GetHashAndReset()));
                }

                uploadId ??= await StartAsync(key, cancellationToken);
                if (filled > 0)
                {
                    if (parts.Count == MaxParts)
                    {
                        return Result<StoredBlob>.Fail(ErrorCodes.PayloadTooLarge,
                            $"The content exceeds what the object store takes in one object ({MaxParts} parts of {partSize} bytes).");
                    }

                    parts.Add(await SendPartAsync(key, uploadId, parts.Count + 1, buffer, filled, cancellationToken));
                }

                if (last)
                {
                    await CompleteAsync(key, uploadId, parts, replace, CancellationToken.None);
                    completed = true;
                    return new StoredBlob(id, total, Convert.ToHexStringLower(hash.GetHashAndReset()));
                }
            }
        }
        finally
        {
            buffers.Return(buffer);
            if (uploadId is not null && !completed)
            {
                await AbortAsync(key, uploadId);
            }
        }
    }

    /// <summary>Reads until <paramref name="count"/> bytes are in <paramref name="buffer"/> or the body ends.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < count && (read = await content.ReadAsync(buffer.AsMemory(filled, count - filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }

    private Task<PutObjectResponse> PutAsync(string key, byte[] buffer, int count, bool replace, CancellationToken cancellationToken) =>
        S3Faults.CallAsync("store an object", async token =>
        {
            using var body = new MemoryStream(buffer, 0, count, writable: false);
            return await client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = options.Bucket,
                Key = key,
                InputStream = body,
                AutoCloseStream = false,
                IfNoneMatch = replace ? null : "*",
                ContentType = "application/octet-stream",
            }, token);
        }, cancellationToken);

    private async Task<string> StartAsync(string key, CancellationToken cancellationToken) =>
        (await S3Faults.CallAsync("start a multipart upload", token => client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = options.Bucket,
            Key = key,
            ContentType = "application/octet-stream",
        }, token), cancellationToken)).UploadId;

    private Task<PartETag> SendPartAsync(string key, string uploadId, int number, byte[] buffer, int count, CancellationToken cancellationToken) =>
        S3Faults.CallAsync("store a part", async token =>
        {
            using var body = new MemoryStream(buffer, 0, count, writable: false);
            var response = await client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = options.Bucket,
                Key = key,
                UploadId = uploadId,
                PartNumber = number,
                PartSize = count,
                InputStream = body,
            }, token);
            return new PartETag(number, response.ETag);
        }, cancellationToken);

    // If-None-Match on the completion is what AWS honours; Ceph RGW 16 ignores it there (it honours it on a PUT), so the
    // key is also looked up first. That check and the completion are not atomic, but ids are random GUIDv7s this node
    // just made: the check catches a bug that reuses an id, not a race.
    private async Task CompleteAsync(string key, string uploadId, List<PartETag> parts, bool replace, CancellationToken cancellationToken)
    {
        if (!replace && await ExistsAsync(key, cancellationToken))
        {
            throw new StorageUnavailableException($"The object {key} already exists; it is never overwritten.");
        }

        await S3Faults.CallAsync("complete a multipart upload", token => client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = options.Bucket,
            Key = key,
            UploadId = uploadId,
            PartETags = parts,
            IfNoneMatch = replace ? null : "*",
        }, token), cancellationToken);
    }

    private async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await S3Faults.CallAsync("look up an object",
                token => client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = options.Bucket, Key = key }, token),
                cancellationToken);
            return true;
        }
        catch (StorageUnavailableException e) when (e.InnerException is AmazonS3Exception s3 && S3Faults.IsNotFound(s3))
        {
            return false;
        }
    }

    // Not the request's token: a cancelled upload must still be aborted, or its parts stay billed and invisible. Bounded
    // by the client's own timeout and retries.
    private async Task AbortAsync(string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest
            {
                BucketName = options.Bucket,
                Key = key,
                UploadId = uploadId,
            }, CancellationToken.None);
        }
        catch (Exception e) when (S3Faults.IsStoreFailure(e, CancellationToken.None))
        {
            S3Log.AbortFailed(logger, key, e.Message);
        }
    }
}

using System.Buffers;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Depot.Protocol;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Storage.S3;

/// <summary>
/// Streams one body into the new object <c>key</c> with bounded memory: the body is read into a pooled part buffer
/// (<see cref="S3StorageOptions.PartSize"/>) and hashed (SHA-256) and counted on the way. A body that ends within the
/// first buffer is one PUT; a longer one (or one of unknown length) is a multipart upload, a part per buffer. Both carry
/// <c>If-None-Match: *</c>, so an existing object is never replaced. Any failure, cancellation or an exceeded limit
/// aborts the multipart upload, so nothing is left behind.
/// </summary>
/// <remarks>
/// <para>
/// Once the whole body is in, the last request (the PUT, or the completion) is no longer the caller's to cancel: a
/// request cancelled in flight may still be stored by the server after the SDK gave up on it, which would leave an
/// object no one knows of until garbage collection. Finished instead, it is returned, and the caller deletes it by id
/// on its own failure path as on disk (the client's per-request timeout and retries still bound it).
/// </para>
/// <para>
/// Read-ahead: while part N is sent, part N+1 is read from the body (and hashed, here and by the caller's
/// <see cref="Files.ChecksumReadStream"/>), so the client, the hashing and the store work at once instead of in turn.
/// That takes a second part buffer, so at most <see cref="S3StorageOptions.ReadAheadUploads"/> uploads of this writer
/// do it at once; the others send their parts one after another, with one buffer, until a read-ahead is free. One part
/// is in flight at a time, so parts complete in order. A part that fails while the next is being read cancels that read
/// at once, and the store's failure (not the cancellation) is what the caller sees. A buffer goes back to the pool only
/// once its send has ended, and the upload is aborted only then. Each part is sent from a seekable buffer, so the SDK's
/// retries can resend it.
/// </para>
/// </remarks>
internal sealed class S3Upload(IAmazonS3 client, S3StorageOptions options, ArrayPool<byte> buffers, ILogger logger)
{
    // S3's limit on the number of parts of one upload.
    private const int MaxParts = 10_000;

    // Over HTTPS, TLS already protects each request's bytes, so the SDK need not hash every byte for its signature.
    private readonly bool _signPayload = S3Clients.SignsPayload(options);
    private int _readAheads;

    /// <summary>Uploads of this writer reading their next part while sending one (tests watch it).</summary>
    internal int ReadAheadsInUse => Volatile.Read(ref _readAheads);

    /// <summary>
    /// Writes <paramref name="content"/> as object <paramref name="key"/>. Never over an existing object, unless
    /// <paramref name="replace"/> (only key rotation replaces one: S3 swaps the whole object atomically when the write completes).
    /// </summary>
    public async Task<Result<StoredBlob>> WriteAsync(string id, string key, Stream content, long maxBytes, CancellationToken cancellationToken,
        bool replace = false)
    {
        var partSize = options.PartSize;
        var buffer = buffers.Rent(partSize);
        byte[]? spare = null;             // the second buffer, while this upload holds a read-ahead
        Task<PartETag>? sending = null;   // the part in flight while the next one is read
        string? uploadId = null;
        var completed = false;
        using var sendFailed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var parts = new List<PartETag>();
            long total = 0;
            while (true)
            {
                int filled;
                try
                {
                    filled = await FillAsync(content, buffer, partSize, sendFailed.Token);
                }
                catch (OperationCanceledException) when (sending is not null && !cancellationToken.IsCancellationRequested)
                {
                    await sending;   // the part in flight failed and cut the read short: its failure is the one to report
                    throw;
                }

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
                if (sending is not null)
                {
                    parts.Add(await sending);
                    sending = null;
                }

                if (filled > 0)
                {
                    if (parts.Count == MaxParts)
                    {
                        return Result<StoredBlob>.Fail(ErrorCodes.PayloadTooLarge,
                            $"The content exceeds what the object store takes in one object ({MaxParts} parts of {partSize} bytes).");
                    }

                    if (!last && spare is null && TryTakeReadAhead())
                    {
                        spare = buffers.Rent(partSize);
                    }

                    if (last || spare is null)
                    {
                        parts.Add(await SendPartAsync(key, uploadId, parts.Count + 1, buffer, filled, cancellationToken));
                    }
                    else
                    {
                        sending = SendAheadAsync(key, uploadId, parts.Count + 1, buffer, filled, sendFailed);
                        (buffer, spare) = (spare, buffer);
                    }
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
            if (sending is not null)
            {
                // Failing (the client went away, a limit): the part in flight is of no use, so it is cut short too. Its
                // buffer is the SDK's until the send ends, and a part still arriving could outlive the abort.
                await sendFailed.CancelAsync();
                await Task.WhenAny(sending);
                _ = sending.Exception;   // observed: the failure that counts was thrown above, or the upload failed first
            }

            buffers.Return(buffer);
            if (spare is not null)
            {
                buffers.Return(spare);
                Interlocked.Decrement(ref _readAheads);
            }

            if (uploadId is not null && !completed)
            {
                await AbortAsync(key, uploadId);
            }
        }
    }

    /// <summary>Takes one of the writer's read-aheads if one is free; never waits for one.</summary>
    private bool TryTakeReadAhead()
    {
        var taken = Volatile.Read(ref _readAheads);
        while (taken < options.ReadAheadUploads)
        {
            var seen = Interlocked.CompareExchange(ref _readAheads, taken + 1, taken);
            if (seen == taken)
            {
                return true;
            }

            taken = seen;
        }

        return false;
    }

    /// <summary>
    /// Sends a part while the next one is read. <paramref name="sendFailed"/> is shared both ways: this send's failure
    /// cancels the read, and the upload's own failure (or the request's cancellation) cancels this send.
    /// </summary>
    private async Task<PartETag> SendAheadAsync(string key, string uploadId, int number, byte[] buffer, int count, CancellationTokenSource sendFailed)
    {
        try
        {
            return await SendPartAsync(key, uploadId, number, buffer, count, sendFailed.Token);
        }
        catch
        {
            await sendFailed.CancelAsync();
            throw;
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
                DisablePayloadSigning = _signPayload ? null : true,
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
                DisablePayloadSigning = _signPayload ? null : true,
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

using System.Buffers;
using Depot.Core.Storage;
using Depot.Protocol;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Uploads;

/// <summary>
/// Streams one chunk into an upload's data while its lock is held. The order that keeps offsets honest: write →
/// fsync → store the new offset. Without a checksum that happens every <see cref="UploadsOptions.CheckpointBytes"/>
/// and at the end, also when the connection breaks (tus: keep what arrived). With a checksum nothing of the chunk
/// counts until all of it arrived and matched; otherwise it is cut off again.
/// </summary>
internal sealed class ChunkWriter(
    IUploadStore uploads, IPartialStore partials, StorageOptions storage, UploadsOptions options, TimeProvider clock, ILogger logger)
{
    public async Task<Result<UploadRecord>> WriteAsync(
        UploadRecord upload, UploadLock held, Stream body, ChunkChecksum? checksum, CancellationToken cancellationToken)
    {
        var limit = (upload.Length ?? upload.ReservedBytes) - upload.Offset;
        await using var writer = await partials.OpenAsync(upload.Id, upload.Offset, CancellationToken.None);
        using var hash = checksum?.CreateHash();
        var buffer = ArrayPool<byte>.Shared.Rent(storage.BufferSize);
        long received = 0, durable = 0;
        var broken = false;
        var tooLong = false;
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer.AsMemory(0, storage.BufferSize), cancellationToken);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException)
                {
                    // The client went away (or its body was malformed): what arrived so far is all there is.
                    broken = true;
                    break;
                }

                if (read == 0)
                {
                    break;
                }

                if (received + read > limit)
                {
                    tooLong = true;
                    read = (int)(limit - received);
                }

                if (!held.IsHeld)
                {
                    UploadsLog.LockLost(logger, upload.Id);
                    return Result<UploadRecord>.Fail(ErrorCodes.UploadLocked, "The upload's lock was lost while writing; retry.");
                }

                // Never cancelled half-way: the file must hold whole buffers, whatever the request does.
                await writer.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
                hash?.AppendData(buffer, 0, read);
                received += read;
                if (tooLong)
                {
                    break;
                }

                if (hash is null && received - durable >= options.CheckpointBytes)
                {
                    if (!await CheckpointAsync(upload, held, writer, received))
                    {
                        return LockLost(upload);
                    }

                    durable = received;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (hash is not null)
        {
            var verdict = broken ? new DepotError(ErrorCodes.InvalidRequest, "The connection broke before the chunk was complete; it was discarded.")
                : tooLong ? new DepotError(ErrorCodes.PayloadTooLarge, $"The chunk goes past the upload's length; it was discarded.")
                : !hash.GetHashAndReset().AsSpan().SequenceEqual(checksum!.Digest)
                    ? new DepotError(ErrorCodes.ChecksumMismatch, $"The chunk's {checksum.Algorithm} does not match Upload-Checksum; it was discarded.")
                : null;
            if (verdict is not null)
            {
                if (verdict.Code == ErrorCodes.ChecksumMismatch)
                {
                    UploadsLog.ChecksumMismatch(logger, upload.Id, checksum!.Algorithm);
                }

                writer.Truncate(upload.Offset);
                return verdict;
            }
        }

        if (received > durable && !await CheckpointAsync(upload, held, writer, received))
        {
            return LockLost(upload);
        }

        if (broken)
        {
            UploadsLog.ChunkBroken(logger, upload.Id, received, hash is null ? received : 0);
            return Result<UploadRecord>.Fail(ErrorCodes.InvalidRequest, $"The connection broke; {received} bytes of the chunk were kept.");
        }

        return tooLong
            ? Result<UploadRecord>.Fail(ErrorCodes.PayloadTooLarge, $"The chunk goes past the upload's length; the {received} bytes that fit were kept.")
            : upload with { Offset = upload.Offset + received, ExpiresAt = ExpiresAt() };
    }

    /// <summary>fsync, then record the offset (and push the expiry out): the offset never covers a byte that is not durable.</summary>
    private async Task<bool> CheckpointAsync(UploadRecord upload, UploadLock held, IPartialWriter writer, long received)
    {
        writer.Flush();
        return held.IsHeld && await uploads.AdvanceAsync(upload.Id, held.Owner, upload.Offset + received, ExpiresAt(), CancellationToken.None);
    }

    private long ExpiresAt() => (clock.GetUtcNow() + options.Expiry).ToUnixTimeMilliseconds();

    private Result<UploadRecord> LockLost(UploadRecord upload)
    {
        UploadsLog.LockLost(logger, upload.Id);
        return Result<UploadRecord>.Fail(ErrorCodes.UploadLocked, "The upload's lock was lost while writing; retry.");
    }
}

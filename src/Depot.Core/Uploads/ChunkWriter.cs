using Depot.Protocol;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Uploads;

/// <summary>
/// Streams one chunk into an upload while its lock is held, as parts of the partial store. The order that keeps
/// offsets honest: append a part durably → record the new offset with the hash states that cover it, in one
/// statement. Without a checksum a part ends every <see cref="UploadsOptions.CheckpointBytes"/> and at the end, also
/// when the connection breaks (tus: keep what arrived). With a checksum the whole chunk is one part, kept only when
/// all of it arrived and matched.
/// </summary>
internal sealed class ChunkWriter(IUploadStore uploads, IPartialStore partials, UploadsOptions options, TimeProvider clock, ILogger logger)
{
    public async Task<Result<UploadRecord>> WriteAsync(
        UploadRecord upload, UploadLock held, Stream body, ChunkChecksum? checksum, CancellationToken cancellationToken)
    {
        var reader = new ChunkReader(body, (upload.Length ?? upload.ReservedBytes) - upload.Offset, checksum, held, cancellationToken);
        // Null for an upload begun before the state was kept (or whose state does not match its offset): its digest
        // is then taken once at completion, by reading the blob back (UploadDigest.ReadBackAsync).
        var hash = UploadDigest.Restore(upload);
        // Null likewise for an upload that had bytes before SHA-1/MD5 were kept: its version goes without them.
        var checksums = UploadDigest.RestoreChecksums(upload);
        var (offset, expiresAt, state, checksumsState) = (upload.Offset, upload.ExpiresAt, upload.Sha256State, upload.ChecksumsState);
        while (!reader.Ended)
        {
            var partHash = hash?.Clone();
            var partChecksums = checksums?.Clone();
            long durable;
            try
            {
                // Never cancelled half-way: the part's stream ends it when the request goes away.
                durable = await partials.AppendAsync(upload.Id, offset, reader.NextPart(checksum is null ? options.CheckpointBytes : long.MaxValue, partHash, partChecksums),
                    CancellationToken.None);
            }
            catch (PartRejectedException rejected)
            {
                return Rejected(upload, checksum, rejected.Error);
            }

            if (durable == offset)
            {
                continue;
            }

            (hash, checksums, expiresAt) = (partHash, partChecksums, ExpiresAt());
            (state, checksumsState) = (UploadDigest.Save(partHash), UploadDigest.Save(partChecksums));
            if (!held.IsHeld || !await uploads.AdvanceAsync(upload.Id, held.Owner, durable, state, checksumsState, expiresAt, CancellationToken.None))
            {
                return Rejected(upload, checksum, LockLost);
            }

            offset = durable;
        }

        if (reader.Broken)
        {
            UploadsLog.ChunkBroken(logger, upload.Id, reader.Received, offset - upload.Offset);
            return Result<UploadRecord>.Fail(ErrorCodes.InvalidRequest, $"The connection broke; {offset - upload.Offset} bytes of the chunk were kept.");
        }

        return reader.TooLong
            ? Result<UploadRecord>.Fail(ErrorCodes.PayloadTooLarge, $"The chunk goes past the upload's length; the {offset - upload.Offset} bytes that fit were kept.")
            : upload with { Offset = offset, ExpiresAt = expiresAt, Sha256State = state, ChecksumsState = checksumsState };
    }

    private Result<UploadRecord> Rejected(UploadRecord upload, ChunkChecksum? checksum, DepotError error)
    {
        if (error.Code == ErrorCodes.ChecksumMismatch)
        {
            UploadsLog.ChecksumMismatch(logger, upload.Id, checksum!.Algorithm);
        }
        else if (error.Code == ErrorCodes.UploadLocked)
        {
            UploadsLog.LockLost(logger, upload.Id);
        }

        return error;
    }

    private long ExpiresAt() => (clock.GetUtcNow() + options.Expiry).ToUnixTimeMilliseconds();

    private static readonly DepotError LockLost = new(ErrorCodes.UploadLocked, "The upload's lock was lost while writing; retry.");
}

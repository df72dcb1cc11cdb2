using System.Data.Common;
using Depot.Core.Access;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Protocol;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Uploads;

/// <summary>
/// Resumable uploads (tus, docs/tus.md): create with a quota reservation, append chunks under a one-writer lock with
/// offsets that only ever cover durable bytes, and commit the finished data through <see cref="FileService"/>
/// exactly like a PUT. Another user's, an unknown and an expired upload all answer <c>upload_not_found</c>.
/// </summary>
public sealed class UploadService(
    IUploadStore uploads, IPartialStore partials, IBlobStore blobs, FileService files, StorageOptions storage, UploadsOptions options,
    TimeProvider clock, ILogger<UploadService> logger)
{
    /// <summary>The largest upload accepted (tus <c>Tus-Max-Size</c>).</summary>
    public long MaxSize => storage.MaxUploadBytes;

    /// <summary>
    /// Creates an upload after every check a PUT makes before reading a body (names, parent, preconditions, size,
    /// quota), and reserves its declared length in the quota, or the whole remaining quota when the length is
    /// deferred. The store makes and verifies the reservation under the charged user's tree lock, so two racing writers
    /// can never both overdraw the quota.
    /// </summary>
    public async Task<Result<UploadRecord>> CreateAsync(Caller caller, NewUpload upload, CancellationToken cancellationToken)
    {
        // A repeated creation (its first answer was lost) gets the upload the first attempt made, whatever has
        // happened to it since, before any check that the first attempt's own effects could now fail.
        if (upload.IdempotencyKey is { } key && await uploads.FindByIdempotencyKeyAsync(caller.UserId, key, cancellationToken) is { } earlier)
        {
            return Replay(earlier, upload);
        }

        var request = upload.Commit with { Length = upload.Length };
        var checkedTarget = await files.CheckUploadTargetAsync(caller, upload.Path, request, cancellationToken);
        if (!checkedTarget.IsSuccess)
        {
            return checkedTarget.Error;
        }

        var (remaining, charged) = (Result<long>.Ok(checkedTarget.Value.Remaining), checkedTarget.Value.ChargedUserId);

        if (upload.Length is null && remaining.Value == 0)
        {
            return Result<UploadRecord>.Fail(ErrorCodes.QuotaExceeded, "No quota is left to reserve for an upload of unknown length.");
        }

        var now = clock.GetUtcNow();
        var conditions = request.Preconditions ?? WritePreconditions.None;
        var record = new UploadRecord
        {
            Id = Ids.New(clock), UserId = caller.UserId, ChargedUserId = charged == caller.UserId ? null : charged, Path = upload.Path.Value, Length = upload.Length,
            ReservedBytes = upload.Length ?? Math.Min(storage.MaxUploadBytes, remaining.Value), Metadata = upload.Metadata,
            ContentType = request.ContentType, Sha256 = request.Sha256, CreateParents = request.CreateParents,
            IfMatch = conditions.IfMatch is { } ifMatch ? string.Join(", ", ifMatch) : null,
            IfNoneMatch = conditions.IfNoneMatch is { } ifNoneMatch ? string.Join(", ", ifNoneMatch) : null, ModifiedAt = request.ModifiedAt,
            CreatedAt = now.ToUnixTimeMilliseconds(), ExpiresAt = (now + options.Expiry).ToUnixTimeMilliseconds(),
            IdempotencyKey = upload.IdempotencyKey,
        };
        bool inserted;
        try
        {
            inserted = await uploads.InsertAsync(record, cancellationToken);
        }
        catch (DbException e) when (upload.IdempotencyKey is not null && DatabaseFaults.IsUniqueViolation(e))
        {
            // Two attempts with one key at once: the other stored its upload first.
            var raced = await uploads.FindByIdempotencyKeyAsync(caller.UserId, upload.IdempotencyKey, cancellationToken);
            if (raced is null)
            {
                throw;
            }

            return Replay(raced, upload);
        }

        if (!inserted)
        {
            return Result<UploadRecord>.Fail(ErrorCodes.QuotaExceeded, $"The upload needs {record.ReservedBytes} bytes; the quota has less left.");
        }

        UploadsLog.Created(logger, record.Id, caller.UserId, record.Path, record.Length);
        return record;
    }

    private static Result<UploadRecord> Replay(UploadRecord earlier, NewUpload upload) =>
        earlier.Path == upload.Path.Value && earlier.Length == upload.Length && earlier.Metadata == upload.Metadata
            ? earlier
            : Result<UploadRecord>.Fail(ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was first sent with another upload; use a new key.");

    /// <summary>
    /// The upload's state (tus HEAD). An upload whose bytes all arrived but whose commit did not happen (a crash in
    /// between) is committed now, so resuming it finishes it; while another holds it, <c>upload_locked</c>. So a
    /// full offset always means the file is committed.
    /// </summary>
    public async Task<Result<UploadRecord>> GetAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, id, cancellationToken);
        if (!found.IsSuccess || !found.Value.IsComplete || found.Value.IsCommitted)
        {
            return found;
        }

        await using var held = await UploadLock.TryAcquireAsync(uploads, id, options.LockLease, clock, cancellationToken);
        if (held is null)
        {
            // Every byte arrived but the file is not committed, and another request (or a node that died holding the
            // lease) holds the upload. Reporting the full offset now would tell the client it is done before the
            // file exists; it is told to come back instead, as for a PATCH, and a later HEAD commits or confirms.
            return Result<UploadRecord>.Fail(ErrorCodes.UploadLocked, "The upload is being committed by another request; retry shortly.");
        }

        var current = await uploads.GetAsync(id, cancellationToken);
        if (current is null || current.IsCommitted || !current.IsComplete)
        {
            return current ?? found.Value;
        }

        var completed = await CompleteAsync(caller, current, held);
        return completed.IsSuccess ? completed.Value.Upload : completed.Error;
    }

    /// <summary>
    /// Appends one chunk at <see cref="AppendRequest.Offset"/> (tus PATCH, or the body of a creation). Bytes are
    /// fsynced before the offset that covers them is stored; a broken connection keeps what arrived (unless the
    /// chunk carries a checksum, which can then not be verified); a checksum mismatch discards the chunk. The chunk
    /// that completes the upload commits it.
    /// </summary>
    public async Task<Result<AppendResult>> AppendAsync(
        Caller caller, string id, AppendRequest request, Stream body, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (found.Value.Offset != request.Offset)
        {
            return OffsetMismatch(found.Value);
        }

        if (found.Value.IsCommitted)
        {
            return request.ContentLength is null or 0
                ? new AppendResult(found.Value, null)
                : Result<AppendResult>.Fail(ErrorCodes.PayloadTooLarge, "The upload is complete; it takes no more bytes.");
        }

        await using var held = await UploadLock.TryAcquireAsync(uploads, id, options.LockLease, clock, cancellationToken);
        if (held is null)
        {
            return Result<AppendResult>.Fail(ErrorCodes.UploadLocked, "Another request is writing to this upload; retry when it is done.");
        }

        // Re-read under the lock: the request that held it before may have moved the offset or committed.
        var upload = await uploads.GetAsync(id, cancellationToken);
        if (upload is null || upload.IsCommitted || upload.Offset != request.Offset)
        {
            return upload is null ? NotFound : upload.IsCommitted ? new AppendResult(upload, null) : OffsetMismatch(upload);
        }

        var sized = await ApplyLengthAsync(upload, request, held, cancellationToken);
        if (!sized.IsSuccess)
        {
            return sized.Error;
        }

        upload = sized.Value;
        if (request.ContentLength > (upload.Length ?? upload.ReservedBytes) - upload.Offset)
        {
            return Result<AppendResult>.Fail(ErrorCodes.PayloadTooLarge,
                $"The chunk of {request.ContentLength} bytes goes past the upload's length or reservation.");
        }

        if (!upload.IsComplete)
        {
            var written = await new ChunkWriter(uploads, partials, options, clock, logger)
                .WriteAsync(upload, held, body, request.Checksum, cancellationToken);
            if (!written.IsSuccess)
            {
                return written.Error;
            }

            upload = written.Value;
        }

        return upload.IsComplete ? await CompleteAsync(caller, upload, held) : new AppendResult(upload, null);
    }

    /// <summary>
    /// Terminates an upload (tus DELETE): an unfinished one is removed with its data and reservation; for a
    /// committed one only the record goes (the file stays, it is the user's now).
    /// </summary>
    public async Task<Result<Unit>> TerminateAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var found = await FindAsync(caller, id, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        if (found.Value.IsCommitted)
        {
            await uploads.DeleteCommittedAsync(id, cancellationToken);
            return Unit.Value;
        }

        await using var held = await UploadLock.TryAcquireAsync(uploads, id, options.LockLease, clock, cancellationToken);
        if (held is null)
        {
            return await uploads.GetAsync(id, cancellationToken) is { IsCommitted: true }
                ? await TerminateAsync(caller, id, cancellationToken)
                : Result<Unit>.Fail(ErrorCodes.UploadLocked, "Another request is writing to this upload; retry when it is done.");
        }

        if (await uploads.DeleteLockedAsync(id, held.Owner, cancellationToken))
        {
            await DeleteDataAsync(id);
        }

        return Unit.Value;
    }

    private async Task<Result<UploadRecord>> FindAsync(Caller caller, string id, CancellationToken cancellationToken)
    {
        var upload = IsId(id) ? await uploads.GetAsync(id, cancellationToken) : null;
        return upload is null || upload.UserId != caller.UserId || upload.ExpiresAt <= clock.GetUtcNow().ToUnixTimeMilliseconds()
            ? Result<UploadRecord>.Fail(NotFound)
            : upload;
    }

    /// <summary>Upload-Length on a PATCH: sets a deferred length once (shrinking the reservation); it may never change.</summary>
    private async Task<Result<UploadRecord>> ApplyLengthAsync(
        UploadRecord upload, AppendRequest request, UploadLock held, CancellationToken cancellationToken)
    {
        if (request.UploadLength is not { } length || length == upload.Length)
        {
            return upload;
        }

        if (upload.Length is not null)
        {
            return Result<UploadRecord>.Fail(ErrorCodes.InvalidRequest, $"The upload's length is {upload.Length}; it cannot change.");
        }

        if (length < upload.Offset + (request.ContentLength ?? 0) || length > upload.ReservedBytes)
        {
            return Result<UploadRecord>.Fail(length > upload.ReservedBytes ? ErrorCodes.PayloadTooLarge : ErrorCodes.InvalidRequest,
                $"Upload-Length {length} must cover the bytes sent and fit the {upload.ReservedBytes} bytes reserved.");
        }

        return await uploads.SetLengthAsync(upload.Id, held.Owner, length, cancellationToken)
            ? upload with { Length = length, ReservedBytes = length }
            : Result<UploadRecord>.Fail(ErrorCodes.UploadLocked, "The upload's lock was lost; retry.");
    }

    /// <summary>
    /// Composes the finished parts into blob <c>upload.Id</c> and commits it through <see cref="FileService.CommitBlobAsync"/>
    /// with the upload's path and conditions; the commit transaction releases the reservation. A refusal ends the
    /// upload, except <c>locked</c> (a WebDAV lock on the target), which leaves it complete and uncommitted. Runs to the end even if the client goes away: the bytes are all durable, so finishing is always right;
    /// and every step may run again after a crash (the composition is idempotent, the digest comes from the row).
    /// </summary>
    private async Task<Result<AppendResult>> CompleteAsync(Caller caller, UploadRecord upload, UploadLock held)
    {
        var blob = await ComposeAsync(upload);
        var path = DepotPath.Parse(upload.Path);
        var conditions = WritePreconditions.Parse(upload.IfMatch, upload.IfNoneMatch);
        Result<UploadResult> committed = blob is null
            ? Result<UploadResult>.Fail(ErrorCodes.UploadNotFound, "The upload's data is missing.")
            : await files.CommitBlobAsync(caller, path.Value, blob, new UploadRequest(
                upload.Length, upload.ContentType, upload.Sha256, conditions.Value, upload.CreateParents, upload.Id,
                (clock.GetUtcNow() + options.Expiry).ToUnixTimeMilliseconds(), upload.ModifiedAt), CancellationToken.None);
        if (!committed.IsSuccess)
        {
            UploadsLog.CommitRefused(logger, upload.Id, upload.Path, committed.Error.Code);
            if (committed.Error.Code == ErrorCodes.Locked)
            {
                // A WebDAV lock on the target is temporary: the upload keeps its bytes and reservation, and the next HEAD or
                // PATCH (with the lock's token in an If header, or after the lock is gone) commits it; it expires as usual.
                return committed.Error;
            }

            if (await uploads.DeleteLockedAsync(upload.Id, held.Owner, CancellationToken.None))
            {
                await DeleteDataAsync(upload.Id);
            }

            return committed.Error;
        }

        var record = await uploads.GetAsync(upload.Id, CancellationToken.None) ?? upload with { ReservedBytes = 0 };
        return new AppendResult(record, committed.Value);
    }

    /// <summary>
    /// The blob the upload became, with the SHA-256 (and SHA-1/MD5, when the row has their state) taken as its bytes
    /// streamed in; null when its data is gone.
    /// </summary>
    private async Task<StoredBlob?> ComposeAsync(UploadRecord upload)
    {
        var length = upload.Length!.Value;
        if (!await partials.CompleteAsync(upload.Id, length, CancellationToken.None))
        {
            return null;
        }

        var sha256 = UploadDigest.Restore(upload) is { } hash
            ? Convert.ToHexStringLower(hash.Finish())
            : await UploadDigest.ReadBackAsync(blobs, upload.Id, storage.BufferSize, CancellationToken.None);
        return sha256 is null ? null : new StoredBlob(upload.Id, length, sha256) { Checksums = UploadDigest.RestoreChecksums(upload)?.Finish() };
    }

    private async Task DeleteDataAsync(string id)
    {
        try
        {
            await partials.DeleteAsync(id, CancellationToken.None);
        }
        catch (IOException e)
        {
            UploadsLog.PartialDeleteFailed(logger, id, e);
        }
    }

    private static readonly DepotError NotFound =
        new(ErrorCodes.UploadNotFound, "No such upload: it never existed, expired, was terminated or is not yours.");

    private static DepotError OffsetMismatch(UploadRecord upload) =>
        new(ErrorCodes.OffsetMismatch, $"The upload is at offset {upload.Offset}; send Upload-Offset: {upload.Offset}.");

    // Upload ids are 32 lower-case hex digits; anything else cannot name one.
    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}

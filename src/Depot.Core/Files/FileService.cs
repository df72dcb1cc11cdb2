using Depot.Core.Access;
using Depot.Core.Events;
using Depot.Core.Locks;
using Depot.Core.Storage;
using Depot.Protocol;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Files;

/// <summary>Files: stat, upload, download and delete. Every protocol adapter calls this; rules live here.</summary>
public sealed class FileService(
    IFileStore store, IBlobStore blobs, StorageOptions storage, VersionOptions versions, TimeProvider clock, ILogger<FileService> logger,
    AuditLog audit, BlobHealth health)
{
    /// <summary>Creates the user's root folder if it does not exist yet. Idempotent; every other call also does it lazily.</summary>
    public async Task<Result<Unit>> CreateRootAsync(string userId, CancellationToken cancellationToken)
    {
        await using var session = await store.WriteAsync(cancellationToken);
        var opened = await FileTree.OpenAsync(session, new Caller(userId, "", false), Now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await session.CommitAsync(cancellationToken);
        return Unit.Value;
    }

    /// <summary>The file or folder at <paramref name="path"/> (stat).</summary>
    public async Task<Result<NodeEntry>> GetAsync(Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        var found = await FileTree.LookupAsync(session, caller, path, Now, cancellationToken);
        return found.IsSuccess ? found.Value.Entry : found.Error;
    }

    /// <summary>
    /// Stores <paramref name="content"/> as the new content of the file at <paramref name="path"/>. Crash-safe write
    /// order: checks before the body is read (not for a small one, see <see cref="PrecheckUpTo"/>) → stream into a new
    /// blob, durable (a small one: held for the commit, see <see cref="InlineBlobStore"/>) → verify size and digest →
    /// one transaction that re-checks everything and commits. Any failure after the blob was written deletes it.
    /// </summary>
    public async Task<Result<UploadResult>> UploadAsync(
        Caller caller, DepotPath path, Stream content, UploadRequest request, CancellationToken cancellationToken)
    {
        var remaining = storage.MaxUploadBytes;
        if (path.IsRoot || request.Length is null or > PrecheckUpTo || caller.Link is not null)
        {
            var prechecked = await PrecheckAsync(caller, path, request, cancellationToken);
            if (!prechecked.IsSuccess)
            {
                return prechecked.Error;
            }

            remaining = prechecked.Value.Remaining;
        }

        var limit = request.Length ?? Math.Min(storage.MaxUploadBytes, remaining);
        using var hashing = new ChecksumReadStream(content);
        // A small file's content rides in the commit's transaction (InlineBlobStore): its one durable commit is shared
        // with the other uploads of a group commit, instead of a file and an fsync of its own.
        var written = blobs is InlineBlobStore inline
            ? await inline.WriteOrStageAsync(hashing, limit, request.Length, cancellationToken)
            : await blobs.WriteAsync(hashing, limit, cancellationToken);
        if (!written.IsSuccess)
        {
            return Refused(caller, path, request.Length is not null ? ErrorCodes.SizeMismatch
                : remaining < storage.MaxUploadBytes ? ErrorCodes.QuotaExceeded : ErrorCodes.PayloadTooLarge,
                request.Length is not null ? $"The body is longer than the declared {request.Length} bytes."
                : remaining < storage.MaxUploadBytes ? $"The upload exceeds the {remaining} bytes left in your quota."
                : $"The upload exceeds the limit of {storage.MaxUploadBytes} bytes.");
        }

        var blob = written.Value with { Checksums = await hashing.FinishAsync() };
        try
        {
            return await CommitBlobAsync(caller, path, blob, request, cancellationToken);
        }
        catch
        {
            // Cancelled or failed before the commit: the blob must not outlive the attempt.
            await blobs.DeleteAsync(blob.Id, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The last steps of <see cref="UploadAsync"/> for a blob that is already durable in the blob store (a finished
    /// resumable upload): verify size and digest, then the one commit transaction with every check of a PUT. A
    /// refusal deletes the blob; an exception leaves it (the caller may retry, else orphan collection removes it).
    /// </summary>
    public async Task<Result<UploadResult>> CommitBlobAsync(
        Caller caller, DepotPath path, StoredBlob blob, UploadRequest request, CancellationToken cancellationToken)
    {
        var result = Verify(request, blob) is { } mismatch ? Result<UploadCommit.Committed>.Fail(mismatch)
            : await UploadCommit.CommitAsync(store, caller, path, request, blob, versions, clock, cancellationToken);
        if (!result.IsSuccess)
        {
            // A resumable upload that is gone may have been committed by someone else, and then the blob (its id is
            // the upload's) is referenced: never delete it here; orphan collection removes it if it is unreferenced.
            // One refused for a WebDAV lock stays resumable, with its blob: it commits once the lock is gone or its token sent.
            if (result.Error.Code != ErrorCodes.UploadNotFound && !(result.Error.Code == ErrorCodes.Locked && request.ResumableUpload is not null))
            {
                await blobs.DeleteAsync(blob.Id, CancellationToken.None);
            }

            return Refused(caller, path, result.Error);
        }

        await Reclaim.DeleteBlobFilesAsync(blobs, result.Value.Released, logger);
        FilesLog.UploadCommitted(logger, caller.UserId, path.Value, blob.Size, result.Value.Upload.Entry.Node.CurrentVersionId!);
        FilesMetrics.Uploaded(blob.Size);
        return result.Value.Upload;
    }

    /// <summary>
    /// Everything a write to <paramref name="path"/> can be refused for before its content exists (path, parent,
    /// preconditions, declared length against the limit and the quota): what a resumable upload checks when it is
    /// created. Returns the bytes left in the caller's quota.
    /// </summary>
    public async Task<Result<long>> CheckUploadAsync(Caller caller, DepotPath path, UploadRequest request, CancellationToken cancellationToken)
    {
        var checkedTarget = await CheckUploadTargetAsync(caller, path, request, cancellationToken);
        return checkedTarget.IsSuccess ? checkedTarget.Value.Remaining : checkedTarget.Error;
    }

    /// <summary>As <see cref="CheckUploadAsync"/>, with whose quota the write counts against (the target folder's owner).</summary>
    public Task<Result<(long Remaining, string ChargedUserId)>> CheckUploadTargetAsync(
        Caller caller, DepotPath path, UploadRequest request, CancellationToken cancellationToken) =>
        PrecheckAsync(caller, path, request, cancellationToken);

    /// <summary>Opens the current version of a file, or the version <paramref name="versionId"/> of it.</summary>
    public Task<Result<FileDownload>> OpenReadAsync(
        Caller caller, DepotPath path, string? versionId, CancellationToken cancellationToken) =>
        OpenReadAsync(caller, path, versionId, null, cancellationToken);

    /// <summary>
    /// As above, for a reader that announced the byte range it will read (a Range header): the store is asked for that
    /// range only (see <see cref="ByteWindow"/>).
    /// </summary>
    public async Task<Result<FileDownload>> OpenReadAsync(
        Caller caller, DepotPath path, string? versionId, ByteWindow? expected, CancellationToken cancellationToken)
    {
        await using var session = await store.ReadAsync(cancellationToken);
        // A small file's content comes with the lookup (kept inline): its download is this one query.
        var found = await FileTree.LookupAsync(session, caller, path, Now, cancellationToken, withContent: true);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (_, entry, current) = found.Value;
        var node = entry.Node;
        if (node.IsFolder)
        {
            return Result<FileDownload>.Fail(ErrorCodes.NotAFile, $"'{path}' is a folder.");
        }

        var version = versionId is null && current is not null
            ? current
            : await session.GetVersionAsync(versionId ?? node.CurrentVersionId!, cancellationToken);
        if (version is null || version.NodeId != node.Id)
        {
            return Result<FileDownload>.Fail(ErrorCodes.VersionNotFound, $"'{path}' has no version '{versionId}'.");
        }

        // Known damaged (an earlier read or a scrub): refused before a byte is sent, ranges included, since a part of
        // a blob cannot be verified on its own and the whole is known not to be what was stored.
        if (version.DamagedAt is not null)
        {
            return Damaged(path);
        }

        // Opened at the first read, where the framework's range handling positioned it: one store stream per download.
        var content = new BlobDownloadStream(
            version.Size, expected, (offset, length, token) => OpenContentAsync(path, version, offset, length, token));
        return new FileDownload(entry, version, content);
    }

    private async Task<Stream> OpenContentAsync(
        DepotPath path, FileVersion version, long offset, long? length, CancellationToken cancellationToken)
    {
        OpenedBlob? opened;
        try
        {
            opened = version.InlineContent is { } inline
                ? InlineBlobStore.Open(inline, offset, length)
                : await blobs.OpenReadAsync(version.BlobId, offset, length, cancellationToken);
        }
        catch (BlobDamagedException e)
        {
            // An encrypted store that cannot open the blob's header (EncryptedBlobStore): damage like any other.
            await health.ReportAsync(version.BlobId, e.Damage, BlobHealth.ByRead);
            throw;
        }

        if (opened is null)
        {
            // Purged after the lookup (a version pruned, trash emptied): gone. Still referenced: the store lost it.
            if (!await health.IsReferencedAsync(version.BlobId, cancellationToken))
            {
                throw new ContentGoneException(path.ToString());
            }

            await health.ReportAsync(version.BlobId, BlobDamage.Missing, BlobHealth.ByRead);
            throw new BlobDamagedException(version.BlobId, BlobDamage.Missing);
        }

        // Blobs never change after their commit, so a size that differs from the recorded one is damage in the store
        // (or a tampered data folder). Serving it would hand out a short file under the full file's ETag and digest.
        if (opened.BlobSize != version.Size)
        {
            await opened.DisposeAsync();
            await health.ReportAsync(version.BlobId, BlobDamage.SizeMismatch, BlobHealth.ByRead);
            throw new BlobDamagedException(version.BlobId, BlobDamage.SizeMismatch);
        }

        // A whole-file read is verified as it passes; a range cannot be (a part of a blob has no digest of its own), but
        // damage the store finds itself (an encrypted chunk that does not authenticate) is reported all the same.
        var content = offset == 0 && length is null
            ? health.Verify(opened.Content, version.BlobId, version.Size, version.Sha256, version.Crc32c)
            : health.ReportDamage(opened.Content, version.BlobId);
        return new MeteredReadStream(content);
    }

    private static Result<FileDownload> Damaged(DepotPath path) => Result<FileDownload>.Fail(ErrorCodes.StorageDamaged,
        $"The stored content of '{path}' is damaged or missing; the administrator has been told through the server log.");

    /// <summary>Moves a file or folder to the trash. <paramref name="preconditions"/> are checked against its ETag.</summary>
    public async Task<Result<Unit>> DeleteAsync(
        Caller caller, DepotPath path, WritePreconditions preconditions, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return Result<Unit>.Fail(ErrorCodes.RootImmutable, "The root folder cannot be deleted.");
        }

        await using var session = await store.WriteAsync(cancellationToken);
        var opened = await FileTree.OpenAsync(session, caller, Now, cancellationToken);
        var node = opened.IsSuccess
            ? await FileTree.FindAsync(session, opened.Value.Root, path, cancellationToken, Need.Write, followLast: false)
            : opened.Error!;
        if (!node.IsSuccess)
        {
            return node.Error;
        }

        if (!preconditions.IsSatisfiedBy(node.Value.ETag))
        {
            return Result<Unit>.Fail(ErrorCodes.PreconditionFailed, $"'{path}' does not match the request's conditions.");
        }

        if (await WriteLocks.CheckAsync(
                session, caller, opened.Value.Root, Now, [new LockTarget(path, Membership: true, Subtree: true)], releasing: path, cancellationToken) is { } locked)
        {
            return locked;
        }

        await session.SetTrashedAsync(node.Value.Id, Now, path.Value, cancellationToken);
        await session.TouchAsync(node.Value.ParentId!, Now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        if (node.Value.Kind == NodeKind.Mount)
        {
            await audit.RecordAsync(caller, AuditActions.ShareUnmount, AuditTarget.Node(node.Value.OwnerId, node.Value.Id, path.Value));
        }
        else
        {
            await audit.RecordAsync(caller, AuditActions.FileDelete, AuditTarget.Node(node.Value.OwnerId, node.Value.Id, path.Value),
                ("kind", node.Value.IsFolder ? "folder" : "file"));
        }
        return Unit.Value;
    }

    /// <summary>
    /// Declared bodies up to this size are not prechecked. Such a body has mostly arrived with its headers, so refusing
    /// it early saves little, while the precheck is a read transaction of four queries (four round trips on PostgreSQL)
    /// that the commit makes again anyway, inside its transaction where they count. A refused small upload costs a blob
    /// write that is deleted at once. A drop box (a link caller) is always prechecked: its adapter answers a taken name
    /// by uploading the same body under another name, which only works while the body is still unread.
    /// </summary>
    private const long PrecheckUpTo = 64 * 1024;

    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Everything that can be refused before the body is read. Returns the bytes left in the quota.</summary>
    private async Task<Result<(long Remaining, string ChargedUserId)>> PrecheckAsync(
        Caller caller, DepotPath path, UploadRequest request, CancellationToken cancellationToken)
    {
        if (path.IsRoot)
        {
            return Result<(long, string)>.Fail(ErrorCodes.NotAFile, "The root is a folder.");
        }

        if (request.Length > storage.MaxUploadBytes)
        {
            return Result<(long, string)>.Fail(ErrorCodes.PayloadTooLarge, $"Uploads are limited to {storage.MaxUploadBytes} bytes.");
        }

        await using var session = await store.ReadAsync(cancellationToken);
        var check = await UploadCommit.CheckTargetAsync(session, caller, path, request, create: false, clock, cancellationToken);
        // A missing parent is fine here when it will be created inside the commit; the write is charged to the owner
        // of the folder where that creation starts (inside a share: the sharer, as the commit will charge).
        var user = check.IsSuccess ? check.Value.User : null;
        if (user is null && check.Error!.Code == ErrorCodes.ParentNotFound && request.CreateParents)
        {
            var opened = await FileTree.OpenAsync(session, caller, Now, cancellationToken);
            var nearest = opened.IsSuccess ? await FileTree.NearestFolderAsync(session, opened.Value.Root, path, cancellationToken) : opened.Error!;
            if (!nearest.IsSuccess)
            {
                return nearest.Error;
            }

            user = await UploadCommit.SpaceOfAsync(session, opened.Value.User, nearest.Value, cancellationToken);
        }

        if (user is null)
        {
            return check.Error!;
        }

        // A declared SHA-256 equal to the file's current one will be an unchanged upload (no version, no quota): it
        // must not be refused for want of room. Undeclared, the content is known only once it has streamed in.
        var unchanged = request.Sha256 is { } declared && check.IsSuccess
            && string.Equals(check.Value.Existing?.Sha256, declared, StringComparison.OrdinalIgnoreCase);
        return request.Length is { } length && !user.Allows(length) && !unchanged
            ? Result<(long, string)>.Fail(ErrorCodes.QuotaExceeded, $"The upload needs {length} bytes; {user.Remaining} are left in your quota.")
            : (user.Remaining, user.Id);
    }

    private static DepotError? Verify(UploadRequest request, StoredBlob blob)
    {
        if (request.Length is { } length && blob.Size != length)
        {
            return new DepotError(ErrorCodes.SizeMismatch, $"The body has {blob.Size} bytes; {length} were declared.");
        }

        if (request.Sha256 is { } expected && !string.Equals(expected, blob.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return new DepotError(ErrorCodes.DigestMismatch, $"The body's SHA-256 is {blob.Sha256}, not the declared {expected}.");
        }

        // Declared SHA-1/MD5 (OC-Checksum) are checked where they were taken; a blob without them cannot satisfy one.
        return request.Sha1 is { } sha1 && !string.Equals(sha1, blob.Checksums?.Sha1, StringComparison.OrdinalIgnoreCase)
            ? new DepotError(ErrorCodes.DigestMismatch, $"The body's SHA-1 is {blob.Checksums?.Sha1}, not the declared {sha1}.")
            : request.Md5 is { } md5 && !string.Equals(md5, blob.Checksums?.Md5, StringComparison.OrdinalIgnoreCase)
            ? new DepotError(ErrorCodes.DigestMismatch, $"The body's MD5 is {blob.Checksums?.Md5}, not the declared {md5}.")
            : null;
    }

    private Result<UploadResult> Refused(Caller caller, DepotPath path, string code, string detail) =>
        Refused(caller, path, new DepotError(code, detail));

    // The error as the check made it, with what it names (the locked resource a WebDAV client is told about).
    private Result<UploadResult> Refused(Caller caller, DepotPath path, DepotError error)
    {
        FilesLog.UploadRefused(logger, caller.UserId, path.Value, error.Code);
        return error;
    }
}

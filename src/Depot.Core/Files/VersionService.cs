using Depot.Core.Access;
using Depot.Core.Events;
using Depot.Core.Locks;
using Depot.Core.Storage;
using Depot.Protocol;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Files;

/// <summary>A file's history: list versions, and restore one (a new current version with the old content; history is never rewritten).</summary>
public sealed class VersionService(
    IFileStore store, IBlobStore blobs, VersionOptions options, TimeProvider clock, ILogger<VersionService> logger, AuditLog audit)
{
    /// <summary>The versions of the file at <paramref name="path"/>, newest first.</summary>
    public async Task<Result<IReadOnlyList<VersionEntry>>> ListAsync(Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        await using var session = await store.ReadAsync(cancellationToken);
        var file = await FindFileAsync(session, caller, path, cancellationToken);
        if (!file.IsSuccess)
        {
            return file.Error;
        }

        var versions = await session.GetVersionsAsync(file.Value.Id, cancellationToken);
        var authors = await session.GetVersionAuthorsAsync(file.Value.Id, cancellationToken);
        return Result<IReadOnlyList<VersionEntry>>.Ok([.. versions.Select(v =>
            new VersionEntry(v, v.Id == file.Value.CurrentVersionId, authors.GetValueOrDefault(v.Id)))]);
    }

    /// <summary>Adds a new current version pointing at the blob of <paramref name="versionId"/> (metadata only; counts against quota).</summary>
    /// <summary>
    /// Makes an old version current by adding a new version with its content. <paramref name="preconditions"/> are
    /// checked against the file's current ETag inside the transaction, like every other write.
    /// </summary>
    public async Task<Result<NodeEntry>> RestoreAsync(Caller caller, DepotPath path, string versionId, CancellationToken cancellationToken,
        WritePreconditions? preconditions = null)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        IReadOnlyList<string> released;
        Node updated;
        await using (var session = await store.WriteAsync(cancellationToken))
        {
            var opened = await FileTree.OpenAsync(session, caller, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
            var file = opened.IsSuccess ? await FindFileAsync(session, opened.Value.Root, path, Need.Write, cancellationToken) : opened.Error!;
            if (!file.IsSuccess)
            {
                return file.Error;
            }

            if (await WriteLocks.CheckAsync(
                    session, caller, opened.Value.Root, clock.GetUtcNow().ToUnixTimeMilliseconds(), [new LockTarget(path)], cancellationToken) is { } locked)
            {
                return locked;
            }

            if (!(preconditions ?? WritePreconditions.None).IsSatisfiedBy(file.Value.ETag))
            {
                return Result<NodeEntry>.Fail(ErrorCodes.PreconditionFailed, $"'{path}' has changed since its ETag was read.");
            }

            var old = await session.GetVersionAsync(versionId, cancellationToken);
            if (old is null || old.NodeId != file.Value.Id)
            {
                return Result<NodeEntry>.Fail(ErrorCodes.VersionNotFound, $"'{path}' has no version '{versionId}'.");
            }

            if (old.DamagedAt is not null)
            {
                return Result<NodeEntry>.Fail(ErrorCodes.StorageDamaged,
                    $"The stored content of that version of '{path}' is damaged, so it cannot be restored.");
            }

            var user = (await session.GetUserAsync(file.Value.OwnerId, cancellationToken))!;   // writes count against the owner
            if (!user.Allows(old.Size))
            {
                return Result<NodeEntry>.Fail(ErrorCodes.QuotaExceeded, $"Restoring needs {old.Size} bytes; {user.Remaining} are left in your quota.");
            }

            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var version = old with { Id = Ids.New(clock), CreatedAt = now, CreatedBy = caller.UserId };
            await session.InsertVersionAsync(version, cancellationToken);
            await session.SetContentAsync(file.Value.Id, version, file.Value.ContentType, now, cancellationToken);
            await session.AddUsedBytesAsync(user.Id, version.Size, cancellationToken);
            updated = file.Value with { CurrentVersionId = version.Id, Size = version.Size, Sha256 = version.Sha256, Sha1 = version.Sha1, Md5 = version.Md5, ModifiedAt = now };
            released = await Reclaim.ApplyRetentionAsync(session, updated, version.Id, options, now, cancellationToken);
            await session.TouchAsync(file.Value.ParentId!, now, cancellationToken);
            await session.CommitAsync(cancellationToken);
        }

        await audit.RecordAsync(caller, AuditActions.VersionRestore, AuditTarget.Node(updated.OwnerId, updated.Id, path.Value),
            ("versionId", versionId));
        await Reclaim.DeleteBlobFilesAsync(blobs, released, logger);
        return new NodeEntry(updated, path.WithName(updated.Name));
    }

    private async Task<Result<Node>> FindFileAsync(
        IFileSession session, Caller caller, DepotPath path, CancellationToken cancellationToken)
    {
        var opened = await FileTree.OpenAsync(session, caller, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        return opened.IsSuccess ? await FindFileAsync(session, opened.Value.Root, path, Need.Read, cancellationToken) : opened.Error!;
    }

    private static async Task<Result<Node>> FindFileAsync(
        IFileSession session, Node root, DepotPath path, Need need, CancellationToken cancellationToken)
    {
        var node = await FileTree.FindAsync(session, root, path, cancellationToken, need);
        return !node.IsSuccess || !node.Value.IsFolder ? node : Result<Node>.Fail(ErrorCodes.NotAFile, $"'{path}' is a folder.");
    }
}

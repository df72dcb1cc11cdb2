using Depot.Core.Access;
using Depot.Core.Locks;
using Depot.Core.Storage;
using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>The checks and the single metadata transaction of an upload (see <see cref="FileService.UploadAsync"/>).</summary>
internal static class UploadCommit
{
    public sealed record Target(UserSpace User, Node Parent, Node? Existing);

    public sealed record Committed(UploadResult Upload, IReadOnlyList<string> Released);

    /// <summary>Where the upload goes and whether it may: parent folder, existing file, preconditions, WebDAV locks.</summary>
    public static async Task<Result<Target>> CheckTargetAsync(
        IFileSession session, Caller caller, DepotPath path, UploadRequest request, bool create, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var opened = await FileTree.OpenAsync(session, caller, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var parent = await FileTree.FindParentAsync(session, opened.Value.Root, path, create, clock, cancellationToken);
        if (!parent.IsSuccess)
        {
            return parent.Error;
        }

        var folder = parent.Value;
        var existing = await session.FindChildAsync(folder.Id, NodeName.Key(path.Name), cancellationToken);
        if (existing is { Kind: NodeKind.Mount })
        {
            // A mounted shared file: the write goes to the owner's file, if the role allows it.
            var through = await FileTree.FindEntryAsync(session, opened.Value.Root, path, cancellationToken, Need.Write);
            if (!through.IsSuccess)
            {
                return through.Error;
            }

            existing = through.Value.Node;
            folder = existing.IsFolder ? folder : (await session.GetNodeAsync(existing.ParentId!, cancellationToken))!;
        }

        if (existing is not null && opened.Value.Root.Scope is { DropBox: true })
        {
            return Result<Target>.Fail(ErrorCodes.AlreadyExists, $"'{path}' is taken; a drop box never overwrites.");
        }

        if (existing is { Kind: not NodeKind.File })
        {
            return Result<Target>.Fail(ErrorCodes.NotAFile, $"'{path}' is a folder.");
        }

        if (!(request.Preconditions ?? WritePreconditions.None).IsSatisfiedBy(existing?.ETag))
        {
            return Result<Target>.Fail(ErrorCodes.PreconditionFailed, existing is null
                ? $"'{path}' does not exist, and the request requires it to."
                : $"'{path}' has changed: its ETag is {existing.ETag}.");
        }

        // Writing a file: creating it changes its folder's members, overwriting does not.
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        return await WriteLocks.CheckAsync(session, caller, opened.Value.Root, now, [new LockTarget(path, Membership: existing is null)], cancellationToken) is { } locked
            ? locked
            : new Target(await SpaceOfAsync(session, opened.Value.User, folder, cancellationToken), folder, existing);
    }

    /// <summary>
    /// The storage space a write into <paramref name="folder"/> counts against: its owner's, not the caller's (editors of a
    /// share). Read again where <paramref name="caller"/> may be stale: a walk that locked the tree on the way (PostgreSQL)
    /// may have waited while usage changed, and a quota check must see it under the lock.
    /// </summary>
    public static async Task<UserSpace> SpaceOfAsync(IFileSession session, UserSpace caller, Node folder, CancellationToken cancellationToken) =>
        folder.OwnerId == caller.Id && session.ReadsStayCurrent(caller.Id)
            ? caller
            : await session.GetUserAsync(folder.OwnerId, cancellationToken) ?? caller;

    /// <summary>
    /// One transaction: re-check, insert the blob row, create or update the node, add the version, count quota, prune.
    /// Grouped with concurrent uploads (<see cref="IFileStore.WriteGroupedAsync"/>): small uploads would otherwise each
    /// wait for SQLite's single writer and pay a WAL fsync of their own. Returns once the transaction is durable.
    /// </summary>
    public static Task<Result<Committed>> CommitAsync(
        IFileStore store, Caller caller, DepotPath path, UploadRequest request, StoredBlob blob, VersionOptions versions,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        IReadOnlyList<string>? walkKeys = caller.Link is null ? [.. path.Segments.Select(NodeName.Key)] : null;
        return store.WriteGroupedAsync(
            caller.UserId, (session, token) => ApplyAsync(session, caller, path, request, blob, versions, walkKeys, clock, token), cancellationToken, walkKeys);
    }

    private static async Task<Result<Committed>> ApplyAsync(
        IFileSession session, Caller caller, DepotPath path, UploadRequest request, StoredBlob blob, VersionOptions versions,
        IReadOnlyList<string>? walkKeys, TimeProvider clock, CancellationToken cancellationToken)
    {
        // A finished resumable upload gives its reservation back first, so the quota check below sees only its real size.
        // Inside the group's savepoint: should this commit fail, the reservation is restored with everything else.
        if (request.ResumableUpload is { } upload && !await session.ReleaseReservationAsync(
                upload, clock.GetUtcNow().ToUnixTimeMilliseconds(), request.KeepUploadUntil, cancellationToken))
        {
            return Result<Committed>.Fail(ErrorCodes.UploadNotFound, "The upload was terminated or has expired.");
        }

        if (walkKeys is not null)
        {
            await session.PrefetchWalkAsync(caller.UserId, walkKeys, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        }

        var check = await CheckTargetAsync(session, caller, path, request, request.CreateParents, clock, cancellationToken);
        if (!check.IsSuccess)
        {
            return check.Error;
        }

        var (user, parent, existing) = check.Value;
        if (existing is not null && await SameContentAsync(session, existing, blob, cancellationToken) is { } current)
        {
            // Storing the same bytes again would add a version and charge the quota for nothing (sync tools and scripts
            // re-upload unchanged files). Before the quota check: a user at their limit may still re-upload a file.
            var at = request.ModifiedAt ?? existing.ModifiedAt;
            await session.KeepContentAsync(existing.Id, current.Id, at, blob.Checksums, cancellationToken);
            var kept = existing with { ModifiedAt = at, Sha1 = existing.Sha1 ?? blob.Checksums?.Sha1, Md5 = existing.Md5 ?? blob.Checksums?.Md5 };
            return new Committed(new UploadResult(new NodeEntry(kept, path.WithName(kept.Name)), Created: false, Unchanged: true), [blob.Id]);
        }

        if (!user.Allows(blob.Size))
        {
            return Result<Committed>.Fail(ErrorCodes.QuotaExceeded, $"The upload needs {blob.Size} bytes; {user.Remaining} are left in your quota.");
        }

        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await session.InsertBlobAsync(blob, now, cancellationToken);
        var version = new FileVersion
        {
            Id = Ids.New(clock), NodeId = existing?.Id ?? Ids.New(clock), BlobId = blob.Id, Size = blob.Size,
            Sha256 = blob.Sha256, Sha1 = blob.Checksums?.Sha1, Md5 = blob.Checksums?.Md5, Crc32c = blob.Checksums?.Crc32c,
            CreatedAt = now, CreatedBy = caller.UserId,
        };
        var node = (existing ?? new Node
        {
            Id = version.NodeId, OwnerId = user.Id, ParentId = parent.Id, Name = path.Name, NameKey = NodeName.Key(path.Name),
            Kind = NodeKind.File, CreatedAt = now,
        }) with
        {
            CurrentVersionId = version.Id, Size = blob.Size, Sha256 = blob.Sha256, Sha1 = version.Sha1, Md5 = version.Md5,
            ModifiedAt = request.ModifiedAt ?? now,
            ContentType = request.ContentType ?? existing?.ContentType,
        };
        if (existing is null)
        {
            await session.InsertNodeAsync(node, cancellationToken);
            await session.InsertVersionAsync(version, cancellationToken);
        }
        else
        {
            await session.InsertVersionAsync(version, cancellationToken);
            await session.SetContentAsync(node.Id, version, node.ContentType, node.ModifiedAt, cancellationToken);
        }

        await session.AddUsedBytesAsync(user.Id, blob.Size, cancellationToken);
        // A new file has one version, the current one, which retention always keeps.
        var released = existing is null ? [] : await Reclaim.ApplyRetentionAsync(session, node, version.Id, versions, now, cancellationToken);
        await session.TouchAsync(parent.Id, now, cancellationToken);
        return new Committed(new UploadResult(new NodeEntry(node, path.WithName(node.Name)), existing is null), released);
    }

    /// <summary>
    /// The file's current version when <paramref name="blob"/> holds exactly its content: same SHA-256 and size, and
    /// the stored copy is not known to be damaged (then the upload is a repair and becomes a new version).
    /// </summary>
    private static async Task<FileVersion?> SameContentAsync(IFileSession session, Node existing, StoredBlob blob, CancellationToken cancellationToken)
    {
        if (existing.CurrentVersionId is null || existing.Size != blob.Size || !string.Equals(existing.Sha256, blob.Sha256, StringComparison.Ordinal))
        {
            return null;
        }

        var current = await session.GetVersionAsync(existing.CurrentVersionId, cancellationToken);
        return current is { DamagedAt: null } && current.BlobId != blob.Id ? current : null;
    }
}

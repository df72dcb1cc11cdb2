using Depot.Core.Access;
using Depot.Core.Accounts;
using Depot.Core.Events;
using Depot.Core.Files;
using Depot.Core.Groups;
using Depot.Core.Locks;
using Depot.Protocol;

namespace Depot.Core.Sharing;

/// <summary>
/// Shares with users and groups, "shared with me" and mounts. Items are reached through the caller's tree
/// (FileTree, so through mounts too) and authorised by <see cref="AccessPolicy"/>: only owners and managers share,
/// and never with a role above their own. A share the caller may not manage is "not found".
/// </summary>
public sealed class ShareService(
    IFileStore files, SqlShareStore shares, IAccountStore accounts, GroupService groups, AuditLog audit, TimeProvider clock)
{
    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task<Result<ShareRecord>> CreateAsync(
        Caller caller, DepotPath path, string? user, string? group, Role role, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        if ((user is null) == (group is null))
        {
            return Result<ShareRecord>.Fail(ErrorCodes.InvalidRequest, "Name exactly one of 'user' and 'group'.");
        }

        if (role is < Role.Viewer or > Role.Manager)
        {
            return Result<ShareRecord>.Fail(ErrorCodes.InvalidRequest, "The role is one of viewer, editor, manager.");
        }

        if (expiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            return Result<ShareRecord>.Fail(ErrorCodes.InvalidRequest, "The expiry must be in the future.");
        }

        var item = await FindAsync(caller, path, Need.Share, cancellationToken);
        if (!item.IsSuccess)
        {
            return item.Error;
        }

        var node = item.Value.Node;
        if (role > item.Value.Role)
        {
            return Result<ShareRecord>.Fail(ErrorCodes.RoleTooHigh, $"You cannot grant '{AccessPolicy.Names.Of(role)}': your role is {AccessPolicy.Names.Of(item.Value.Role)}.");
        }

        string granteeId;
        if (user is not null)
        {
            var account = await accounts.FindUserByNameAsync(user, cancellationToken);
            if (account is null)
            {
                return Result<ShareRecord>.Fail(ErrorCodes.UserNotFound, $"There is no user '{user}'.");
            }

            if (account.Id == node.OwnerId || account.Id == caller.UserId)
            {
                return Result<ShareRecord>.Fail(ErrorCodes.InvalidRequest, "The owner and you already have access.");
            }

            granteeId = account.Id;
        }
        else
        {
            var found = await groups.FindByNameAsync(group!, cancellationToken);
            if (found is null)
            {
                return Result<ShareRecord>.Fail(ErrorCodes.GroupNotFound, $"There is no group '{group}'.");
            }

            granteeId = found.Id;
        }

        // Changing (e.g. lowering) a grant above the caller's own would be an escalation of its own.
        if (await shares.FindRoleAsync(node.Id, group is not null, granteeId, cancellationToken) > item.Value.Role)
        {
            return Result<ShareRecord>.Fail(ErrorCodes.RoleTooHigh, "That grantee holds a higher role than yours; only the owner can change it.");
        }

        var (id, created, _) = await shares.UpsertAsync(Ids.New(clock), node.Id, node.OwnerId, group is not null, granteeId, role,
            caller.UserId, Now, expiresAt?.ToUnixTimeMilliseconds(), cancellationToken);

        await audit.RecordAsync(caller, created ? AuditActions.ShareCreate : AuditActions.ShareUpdate,
            AuditTarget.Node(node.OwnerId, node.Id, item.Value.Path.Value),
            (group is null ? "user" : "group", user ?? group), ("role", AccessPolicy.Names.Of(role)));
        return (await shares.GetAsync(id, cancellationToken))! with { Path = item.Value.Path.Value };
    }

    /// <summary>Shares the caller may manage: on items they own, or that they created; optionally only those on one item.</summary>
    public async Task<Result<IReadOnlyList<ShareRecord>>> ListOutgoingAsync(Caller caller, DepotPath? path, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        string? nodeId = null;
        if (path is not null)
        {
            var item = await FindAsync(caller, path, Need.Share, cancellationToken);
            if (!item.IsSuccess)
            {
                return item.Error;
            }

            nodeId = item.Value.Node.Id;
        }

        var rows = await shares.ListOutgoingAsync(caller.UserId, nodeId, cancellationToken);
        var result = new List<ShareRecord>(rows.Count);
        await using var session = await files.ReadAsync(cancellationToken);
        foreach (var row in rows)
        {
            if (row.OwnerId == caller.UserId)
            {
                var (where, _) = await FileTree.LocateAsync(session, row.NodeId, cancellationToken);
                result.Add(row with { Path = where.Value });
            }
            else
            {
                result.Add(row);
            }
        }

        return result;
    }

    /// <summary>"Shared with me": live, unexpired shares naming the caller or one of their groups.</summary>
    public async Task<IReadOnlyList<ShareRecord>> ListIncomingAsync(Caller caller, CancellationToken cancellationToken)
    {
        var rows = await shares.ListIncomingAsync(caller.UserId, Now, cancellationToken);
        var result = new List<ShareRecord>(rows.Count);
        await using var session = await files.ReadAsync(cancellationToken);
        foreach (var row in rows)
        {
            var node = await session.GetNodeAsync(row.NodeId, cancellationToken);
            if (node is not null && await AccessPolicy.RoleOnAsync(session, caller.UserId, node, cancellationToken) != Role.None)
            {
                result.Add(row);
            }
        }

        return result;
    }

    public async Task<Result<ShareRecord>> UpdateAsync(
        Caller caller, string shareId, Role? role, DateTimeOffset? expiresAt, bool clearExpiry, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        var managed = await FindManagedAsync(caller, shareId, cancellationToken);
        if (!managed.IsSuccess)
        {
            return managed.Error;
        }

        var (share, mine) = managed.Value;
        var newRole = role ?? share.Role;
        if (newRole is < Role.Viewer or > Role.Manager)
        {
            return Result<ShareRecord>.Fail(ErrorCodes.InvalidRequest, "The role is one of viewer, editor, manager.");
        }

        if (newRole > mine)
        {
            return Result<ShareRecord>.Fail(ErrorCodes.RoleTooHigh, $"You cannot grant '{AccessPolicy.Names.Of(newRole)}': your role is {AccessPolicy.Names.Of(mine)}.");
        }

        if (expiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            return Result<ShareRecord>.Fail(ErrorCodes.InvalidRequest, "The expiry must be in the future.");
        }

        var newExpiry = clearExpiry ? null : expiresAt?.ToUnixTimeMilliseconds() ?? share.ExpiresAt;
        await shares.UpdateAsync(share.Id, newRole, newExpiry, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.ShareUpdate, AuditTarget.Node(share.OwnerId, share.NodeId, share.Path ?? share.ItemName),
            (share.IsGroup ? "group" : "user", share.GranteeName), ("role", AccessPolicy.Names.Of(newRole)));
        return share with { Role = newRole, ExpiresAt = newExpiry };
    }

    public async Task<Result<Unit>> RevokeAsync(Caller caller, string shareId, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        var managed = await FindManagedAsync(caller, shareId, cancellationToken);
        if (!managed.IsSuccess)
        {
            return managed.Error;
        }

        var share = managed.Value.Share;
        await shares.DeleteAsync(share.Id, cancellationToken);
        await audit.RecordAsync(caller, AuditActions.ShareRevoke, AuditTarget.Node(share.OwnerId, share.NodeId, share.Path ?? share.ItemName),
            (share.IsGroup ? "group" : "user", share.GranteeName), ("role", AccessPolicy.Names.Of(share.Role)));
        return Unit.Value;
    }

    /// <summary>
    /// Mounts an item shared with the caller at <paramref name="path"/> in their own tree: a node of kind mount that
    /// path resolution follows into the owner's tree, with the caller's role there.
    /// </summary>
    public async Task<Result<NodeEntry>> MountAsync(Caller caller, string nodeId, DepotPath path, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        if (path.IsRoot)
        {
            return Result<NodeEntry>.Fail(ErrorCodes.RootImmutable, "The root cannot be a mount.");
        }

        await using var session = await files.WriteAsync(cancellationToken);
        var opened = await FileTree.OpenAsync(session, caller, Now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var target = await session.GetNodeAsync(nodeId, cancellationToken);
        var role = target is null || target.Kind == NodeKind.Mount || target.OwnerId == caller.UserId
            ? Role.None
            : await AccessPolicy.RoleOnAsync(session, caller.UserId, target, cancellationToken);
        if (target is null || role == Role.None)
        {
            return Result<NodeEntry>.Fail(ErrorCodes.NotFound, "Nothing is shared with you under that id.");
        }

        var parent = await FileTree.FindParentAsync(session, opened.Value.Root, path, false, clock, cancellationToken);
        if (!parent.IsSuccess)
        {
            return parent.Error;
        }

        if (parent.Value.OwnerId != caller.UserId)
        {
            return Result<NodeEntry>.Fail(ErrorCodes.CrossOwnerMove, "Mounts go in your own tree, not in someone else's share.");
        }

        if (await session.FindChildAsync(parent.Value.Id, NodeName.Key(path.Name), cancellationToken) is not null)
        {
            return Result<NodeEntry>.Fail(ErrorCodes.AlreadyExists, $"'{path}' already exists.");
        }

        var now = Now;
        if (await WriteLocks.CheckAsync(session, caller, opened.Value.Root, now, [new LockTarget(path, Membership: true)], cancellationToken) is { } locked)
        {
            return locked;
        }

        var mount = FileTree.NewFolder(parent.Value, path.Name, clock) with { Kind = NodeKind.Mount };
        await session.InsertNodeAsync(mount, cancellationToken);
        await session.InsertMountAsync(mount.Id, target.Id, cancellationToken);
        await session.TouchAsync(parent.Value.Id, now, cancellationToken);
        await session.CommitAsync(cancellationToken);
        await audit.RecordAsync(caller, AuditActions.ShareMount, AuditTarget.Node(caller.UserId, mount.Id, path.Value), ("target", target.Id));

        // As a listing shows it (FileTree.DescribeMountAsync): the item it points at, under the mount's name and id.
        return new NodeEntry(target with { Name = mount.Name, NameKey = mount.NameKey }, path, role) { MountId = mount.Id };
    }

    /// <summary>The item at <paramref name="path"/> in the caller's tree, if their role allows <paramref name="need"/>.</summary>
    internal async Task<Result<NodeEntry>> FindAsync(Caller caller, DepotPath path, Need need, CancellationToken cancellationToken)
    {
        await using var session = await files.ReadAsync(cancellationToken);
        var opened = await FileTree.OpenAsync(session, caller, Now, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        if (path.IsRoot)
        {
            return Result<NodeEntry>.Fail(ErrorCodes.RootImmutable, "The root folder cannot be shared.");
        }

        return await FileTree.FindEntryAsync(session, opened.Value.Root, path, cancellationToken, need);
    }

    /// <summary>The share, and the caller's role on its item, if the caller may change it: owner, or a manager holding at least its role.</summary>
    private async Task<Result<(ShareRecord Share, Role Mine)>> FindManagedAsync(Caller caller, string shareId, CancellationToken cancellationToken)
    {
        var share = await shares.GetAsync(shareId, cancellationToken);
        if (share is not null)
        {
            await using var session = await files.ReadAsync(cancellationToken);
            var node = await session.GetNodeAsync(share.NodeId, cancellationToken);
            var mine = node is null ? Role.None : await AccessPolicy.RoleOnAsync(session, caller.UserId, node, cancellationToken);
            if (AccessPolicy.Allows(mine, Need.Share) && share.Role <= mine)
            {
                var path = mine == Role.Owner ? (await FileTree.LocateAsync(session, share.NodeId, cancellationToken)).Path.Value : null;
                return (share with { Path = path }, mine);
            }
        }

        return Result<(ShareRecord, Role)>.Fail(ErrorCodes.ShareNotFound, "There is no such share.");
    }
}

using Depot.Core.Access;
using Depot.Core.Accounts;
using Depot.Core.Events;
using Depot.Protocol;

namespace Depot.Core.Groups;

/// <summary>
/// Groups of users: admins create, rename and delete them and manage members; every user can list their own.
/// <see cref="GroupIdsOfAsync"/> is the lookup the access service uses to resolve shares to groups.
/// </summary>
public sealed class GroupService(IGroupStore store, IAccountStore accounts, AuditLog audit, TimeProvider clock)
{
    private static readonly DepotError NotAdmin = new(ErrorCodes.Forbidden, "Only administrators manage groups.");

    /// <summary>The ids of the groups <paramref name="userId"/> belongs to: one indexed query, no caller check (a core lookup).</summary>
    public Task<IReadOnlyList<string>> GroupIdsOfAsync(string userId, CancellationToken cancellationToken) =>
        store.GroupIdsOfAsync(userId, cancellationToken);

    /// <summary>The group with this name (case-insensitive) or null: a core lookup for resolving names, no caller check.</summary>
    public Task<GroupRecord?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        GroupNameRule.Check(name) is null ? store.FindByNameAsync(name, cancellationToken) : Task.FromResult<GroupRecord?>(null);

    /// <summary>The group with this id or null: a core lookup for showing names, no caller check.</summary>
    public Task<GroupRecord?> FindByIdAsync(string groupId, CancellationToken cancellationToken) =>
        store.FindByIdAsync(groupId, cancellationToken);

    /// <summary>The groups the caller belongs to.</summary>
    public Task<IReadOnlyList<GroupRecord>> ListMineAsync(Caller caller, CancellationToken cancellationToken) =>
        store.ListForUserAsync(caller.UserId, cancellationToken);

    public async Task<Result<IReadOnlyList<GroupRecord>>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        caller.IsAdmin ? Result<IReadOnlyList<GroupRecord>>.Ok(await store.ListAsync(cancellationToken)) : NotAdmin;

    public async Task<Result<GroupRecord>> GetAsync(Caller caller, string name, CancellationToken cancellationToken) =>
        !caller.IsAdmin ? NotAdmin : await FindAsync(name, cancellationToken);

    public async Task<Result<GroupRecord>> CreateAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        if ((caller.IsAdmin ? GroupNameRule.Check(name) : NotAdmin) is { } refused)
        {
            return refused;
        }

        var group = new GroupRecord(Ids.New(clock), name, clock.GetUtcNow(), 0);
        if (!await store.CreateAsync(group.Id, group.Name, group.CreatedAt, cancellationToken))
        {
            return Taken(name);
        }

        await audit.RecordAsync(caller, AuditActions.GroupCreate, AuditTarget.None, ("group", name));
        return group;
    }

    public async Task<Result<GroupRecord>> RenameAsync(Caller caller, string name, string newName, CancellationToken cancellationToken)
    {
        var found = await GetAsync(caller, name, cancellationToken);
        if (!found.IsSuccess)
        {
            return found;
        }

        if (GroupNameRule.Check(newName) is { } invalid)
        {
            return invalid;
        }

        if (!await store.RenameAsync(found.Value.Id, newName, cancellationToken))
        {
            return Taken(newName);
        }

        await audit.RecordAsync(caller, AuditActions.GroupRename, AuditTarget.None, ("group", newName), ("from", found.Value.Name));
        return found.Value with { Name = newName };
    }

    /// <summary>Deletes the group and its memberships (shares to it go with them).</summary>
    public async Task<Result<Unit>> DeleteAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var found = await GetAsync(caller, name, cancellationToken);
        if (!found.IsSuccess || !await store.DeleteAsync(found.Value.Id, cancellationToken))
        {
            return found.Error ?? NotFound(name);
        }

        await audit.RecordAsync(caller, AuditActions.GroupDelete, AuditTarget.None, ("group", found.Value.Name));
        return Unit.Value;
    }

    public async Task<Result<IReadOnlyList<GroupMember>>> ListMembersAsync(Caller caller, string name, CancellationToken cancellationToken)
    {
        var found = await GetAsync(caller, name, cancellationToken);
        return found.IsSuccess ? Result<IReadOnlyList<GroupMember>>.Ok(await store.ListMembersAsync(found.Value.Id, cancellationToken)) : found.Error;
    }

    /// <summary>Adds a member; adding one who already is succeeds without change (idempotent).</summary>
    public async Task<Result<Unit>> AddMemberAsync(Caller caller, string name, string username, CancellationToken cancellationToken)
    {
        var target = await FindGroupAndUserAsync(caller, name, username, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var (group, user) = target.Value;
        if (await store.AddMemberAsync(group.Id, user.Id, clock.GetUtcNow(), cancellationToken))
        {
            // The member is the account concerned, so they see that they were added.
            await audit.RecordAsync(caller, AuditActions.GroupMemberAdd, AuditTarget.Account(user.Id), ("group", group.Name), ("username", user.Username));
        }

        return Unit.Value;
    }

    public async Task<Result<Unit>> RemoveMemberAsync(Caller caller, string name, string username, CancellationToken cancellationToken)
    {
        var target = await FindGroupAndUserAsync(caller, name, username, cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var (group, user) = target.Value;
        if (!await store.RemoveMemberAsync(group.Id, user.Id, cancellationToken))
        {
            return new DepotError(ErrorCodes.GroupMemberNotFound, $"'{user.Username}' is not a member of '{group.Name}'.");
        }

        await audit.RecordAsync(caller, AuditActions.GroupMemberRemove, AuditTarget.Account(user.Id), ("group", group.Name), ("username", user.Username));
        return Unit.Value;
    }

    private async Task<Result<(GroupRecord Group, UserRecord User)>> FindGroupAndUserAsync(
        Caller caller, string name, string username, CancellationToken cancellationToken)
    {
        var group = await GetAsync(caller, name, cancellationToken);
        if (!group.IsSuccess)
        {
            return group.Error;
        }

        var user = username.Length is > 0 and <= UsernameRule.MaxLength ? await accounts.FindUserByNameAsync(username, cancellationToken) : null;
        return user is null ? new DepotError(ErrorCodes.UserNotFound, $"No user '{username}'.") : (group.Value, user);
    }

    private async Task<Result<GroupRecord>> FindAsync(string name, CancellationToken cancellationToken) =>
        await FindByNameAsync(name, cancellationToken) is { } group ? group : NotFound(name);

    private static DepotError NotFound(string name) => new(ErrorCodes.GroupNotFound, $"No group '{name}'.");

    private static DepotError Taken(string name) => new(ErrorCodes.GroupExists, $"The group name '{name}' is taken.");
}

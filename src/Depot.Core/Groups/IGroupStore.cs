namespace Depot.Core.Groups;

/// <summary>The metadata store's view of groups and memberships. Implemented once in portable SQL.</summary>
public interface IGroupStore
{
    /// <summary>False when the name is taken.</summary>
    Task<bool> CreateAsync(string id, string name, DateTimeOffset createdAt, CancellationToken cancellationToken);

    Task<GroupRecord?> FindByNameAsync(string name, CancellationToken cancellationToken);

    Task<GroupRecord?> FindByIdAsync(string groupId, CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>The groups <paramref name="userId"/> belongs to, by name.</summary>
    Task<IReadOnlyList<GroupRecord>> ListForUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The ids of the groups <paramref name="userId"/> belongs to (one index lookup).</summary>
    Task<IReadOnlyList<string>> GroupIdsOfAsync(string userId, CancellationToken cancellationToken);

    /// <summary>False when another group already has the new name.</summary>
    Task<bool> RenameAsync(string groupId, string name, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string groupId, CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupMember>> ListMembersAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>False when the user was a member already.</summary>
    Task<bool> AddMemberAsync(string groupId, string userId, DateTimeOffset addedAt, CancellationToken cancellationToken);

    /// <summary>False when the user was not a member.</summary>
    Task<bool> RemoveMemberAsync(string groupId, string userId, CancellationToken cancellationToken);
}

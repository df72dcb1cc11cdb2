using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Groups;

namespace Depot.Client;

/// <summary>Groups: administration under <c>/api/v1/groups</c> (admins only) and the caller's own groups.</summary>
public sealed class GroupsClient
{
    private readonly ApiConnection _api;

    internal GroupsClient(ApiConnection api) => _api = api;

    /// <summary>The groups the signed-in user belongs to (any user).</summary>
    public Task<IReadOnlyList<GroupInfo>> ListMineAsync(CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.MyGroups, DepotJsonContext.Default.IReadOnlyListGroupInfo, cancellationToken);

    public Task<IReadOnlyList<GroupInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Groups, DepotJsonContext.Default.IReadOnlyListGroupInfo, cancellationToken);

    public Task<GroupInfo> GetAsync(string name, CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Item(Routes.Groups, name), DepotJsonContext.Default.GroupInfo, cancellationToken);

    public Task<GroupInfo> CreateAsync(string name, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.Groups, new CreateGroupRequest(name), DepotJsonContext.Default.CreateGroupRequest,
            DepotJsonContext.Default.GroupInfo, RequestKind.NotIdempotent, cancellationToken);

    public Task<GroupInfo> RenameAsync(string name, string newName, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Patch, Routes.Item(Routes.Groups, name), new UpdateGroupRequest(newName),
            DepotJsonContext.Default.UpdateGroupRequest, DepotJsonContext.Default.GroupInfo, RequestKind.NotIdempotent, cancellationToken);

    /// <summary>Deletes the group and its memberships.</summary>
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Routes.Item(Routes.Groups, name), RequestKind.Idempotent, cancellationToken);

    public Task<IReadOnlyList<GroupMemberInfo>> ListMembersAsync(string name, CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Item(Routes.Groups, name) + "/members", DepotJsonContext.Default.IReadOnlyListGroupMemberInfo, cancellationToken);

    /// <summary>Adds a member; adding one who already is succeeds.</summary>
    public Task AddMemberAsync(string name, string username, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Put, Member(name, username), RequestKind.Idempotent, cancellationToken);

    /// <summary>Removes a member; one who is not answers 404 <c>group_member_not_found</c>.</summary>
    public Task RemoveMemberAsync(string name, string username, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Member(name, username), RequestKind.Idempotent, cancellationToken);

    private static string Member(string name, string username) => Routes.Item(Routes.Item(Routes.Groups, name) + "/members", username);
}

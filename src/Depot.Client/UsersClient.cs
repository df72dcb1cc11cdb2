using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Users;

namespace Depot.Client;

/// <summary>Account administration (admins only): <c>/api/v1/users</c>.</summary>
public sealed class UsersClient
{
    private readonly ApiConnection _api;

    internal UsersClient(ApiConnection api) => _api = api;

    public Task<IReadOnlyList<UserInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Users, DepotJsonContext.Default.IReadOnlyListUserInfo, cancellationToken);

    public Task<UserInfo> GetAsync(string username, CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Item(Routes.Users, username), DepotJsonContext.Default.UserInfo, cancellationToken);

    public Task<UserInfo> CreateAsync(CreateUserRequest user, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.Users, user, DepotJsonContext.Default.CreateUserRequest,
            DepotJsonContext.Default.UserInfo, RequestKind.NotIdempotent, cancellationToken);

    /// <summary>Disables/enables the account or changes its admin flag; null members stay as they are.</summary>
    public Task<UserInfo> UpdateAsync(string username, UpdateUserRequest changes, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Patch, Routes.Item(Routes.Users, username), changes, DepotJsonContext.Default.UpdateUserRequest,
            DepotJsonContext.Default.UserInfo, RequestKind.NotIdempotent, cancellationToken);

    /// <summary>Deletes the account and everything it owns.</summary>
    public Task DeleteAsync(string username, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Routes.Item(Routes.Users, username), RequestKind.Idempotent, cancellationToken);

    /// <summary>Resets the password; the server revokes the user's tokens.</summary>
    public Task SetPasswordAsync(string username, string password, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Put, Routes.Item(Routes.Users, username) + "/password", new SetPasswordRequest(password),
            DepotJsonContext.Default.SetPasswordRequest, RequestKind.Idempotent, cancellationToken);

    /// <summary>Sets the quota in bytes; null means unlimited.</summary>
    public Task<UserInfo> SetQuotaAsync(string username, long? quotaBytes, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Put, Routes.Item(Routes.Users, username) + "/quota", new SetQuotaRequest(quotaBytes),
            DepotJsonContext.Default.SetQuotaRequest, DepotJsonContext.Default.UserInfo, RequestKind.Idempotent, cancellationToken);
}

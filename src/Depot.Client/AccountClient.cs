using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Users;

namespace Depot.Client;

/// <summary>The signed-in user's own account: <c>/api/v1/me</c>.</summary>
public sealed class AccountClient
{
    private readonly ApiConnection _api;

    internal AccountClient(ApiConnection api) => _api = api;

    public Task<UserInfo> GetAsync(CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Me, DepotJsonContext.Default.UserInfo, cancellationToken);

    /// <summary>Changes the password; the server revokes every other token of this user.</summary>
    public Task ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Put, Routes.MyPassword, new ChangePasswordRequest(currentPassword, newPassword),
            DepotJsonContext.Default.ChangePasswordRequest, RequestKind.Idempotent, cancellationToken);
}

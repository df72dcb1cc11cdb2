using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Auth;

namespace Depot.Client;

/// <summary>The signed-in user's app passwords for WebDAV clients: <c>/api/v1/me/app-passwords</c>.</summary>
public sealed class AppPasswordsClient
{
    private readonly ApiConnection _api;

    internal AppPasswordsClient(ApiConnection api) => _api = api;

    public Task<IReadOnlyList<AppPasswordInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.MyAppPasswords, DepotJsonContext.Default.IReadOnlyListAppPasswordInfo, cancellationToken);

    /// <summary>Creates an app password for one device; the secret in the answer is never shown again.</summary>
    public Task<CreatedAppPassword> CreateAsync(string name, CancellationToken cancellationToken = default) =>
        _api.SendJsonAsync(HttpMethod.Post, Routes.MyAppPasswords, new CreateAppPasswordRequest(name),
            DepotJsonContext.Default.CreateAppPasswordRequest, DepotJsonContext.Default.CreatedAppPassword, RequestKind.NotIdempotent, cancellationToken);

    public Task RevokeAsync(string id, CancellationToken cancellationToken = default) =>
        _api.SendAsync(HttpMethod.Delete, Routes.Item(Routes.MyAppPasswords, id), RequestKind.Idempotent, cancellationToken);
}

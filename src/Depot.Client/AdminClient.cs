using Depot.Client.Http;
using Depot.Protocol;
using Depot.Protocol.Admin;

namespace Depot.Client;

/// <summary>Server administration (admins only): <c>/api/v1/admin</c>. The blob scrub runs on the server; these start and watch it.</summary>
public sealed class AdminClient
{
    private readonly ApiConnection _api;

    internal AdminClient(ApiConnection api) => _api = api;

    /// <summary>Starts a scrub unless one is running (so it is safe to retry) and returns the status.</summary>
    public async Task<ScrubStatus> StartScrubAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _api.SendAsync(_ => new HttpRequestMessage(HttpMethod.Post, _api.Resolve(Routes.Scrub)),
            RequestKind.Idempotent, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ApiConnection.ReadAsync(response, DepotJsonContext.Default.ScrubStatus, cancellationToken);
    }

    public Task<ScrubStatus> GetScrubAsync(CancellationToken cancellationToken = default) =>
        _api.GetAsync(Routes.Scrub, DepotJsonContext.Default.ScrubStatus, cancellationToken);
}

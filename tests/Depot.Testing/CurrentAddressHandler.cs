namespace Depot.Testing;

/// <summary>
/// Sends every request to where the server is listening now. A restarted <see cref="DepotProcess"/> binds a new
/// port, so clients made before a crash keep working after the restart (their base address is a placeholder).
/// </summary>
internal sealed class CurrentAddressHandler(Func<Uri> currentAddress) : DelegatingHandler(new SocketsHttpHandler
{
    // A killed server leaves dead pooled connections behind; a short connect timeout keeps failures quick.
    ConnectTimeout = TimeSpan.FromSeconds(10),
    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
})
{
    public static readonly Uri Placeholder = new("http://depot.invalid/");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var target = currentAddress();
        if (request.RequestUri is { } uri)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = target.Scheme, Host = target.Host, Port = target.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}

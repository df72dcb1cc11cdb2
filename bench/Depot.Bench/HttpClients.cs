using System.Net;

namespace Depot.Bench;

internal static class HttpClients
{
    /// <summary>
    /// One client per target, HTTP/1.1 only (what both servers are compared on), no proxy, no
    /// decompression, and at most <paramref name="connections"/> sockets so "16 connections" means 16.
    /// </summary>
    public static HttpClient Create(Uri baseAddress, int connections)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            // Keep every connection for the whole run: reconnects would be measured, not the server.
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };

        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        return new HttpClient(handler)
        {
            BaseAddress = root,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            // A 1 GiB transfer on a slow disk can take a while; a hung server still ends the run.
            Timeout = TimeSpan.FromMinutes(10),
        };
    }
}

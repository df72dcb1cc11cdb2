namespace Depot.Server.Auth;

internal static class ClientAddressExtensions
{
    /// <summary>
    /// The client's address for throttling and session lists. It is the socket's peer, which the forwarded-headers
    /// middleware rewrites only when a trusted proxy is configured, so a client cannot choose its own address.
    /// </summary>
    public static string? ClientAddress(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}

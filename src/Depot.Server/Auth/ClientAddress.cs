namespace Depot.Server.Auth;

internal static class ClientAddressExtensions
{
    /// <summary>
    /// The client's address for throttling and session lists. It is the socket's peer, which the forwarded-headers
    /// middleware rewrites only when a trusted proxy is configured, so a client cannot choose its own address.
    /// IPv4 peers of a dual-stack socket (the default <c>*</c> binding) arrive as <c>::ffff:a.b.c.d</c>; they are
    /// written as plain IPv4 so one client has one throttling key whichever socket it reached.
    /// </summary>
    public static string? ClientAddress(this HttpContext context) =>
        context.Connection.RemoteIpAddress is { IsIPv4MappedToIPv6: true } mapped
            ? mapped.MapToIPv4().ToString()
            : context.Connection.RemoteIpAddress?.ToString();
}

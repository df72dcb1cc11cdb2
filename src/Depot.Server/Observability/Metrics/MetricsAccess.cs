using System.Net;
using Depot.Server.Auth;

namespace Depot.Server.Observability.Metrics;

/// <summary>Who may read <c>/metrics</c>: loopback, an allowed network, or an admin (bearer token or session).</summary>
internal sealed class MetricsAccess(MetricsOptions options)
{
    private readonly IPNetwork[] _networks = [.. options.Networks()];

    public bool Allows(HttpContext context)
    {
        if (context.User.HasClaim(DepotClaims.Admin, "true"))
        {
            return true;
        }

        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        // A request that still carries X-Forwarded-For came through a proxy Depot does not trust (a trusted one's header
        // is consumed by the forwarded-headers middleware): its loopback address is the proxy's, not the client's.
        if (IPAddress.IsLoopback(address))
        {
            return !context.Request.Headers.ContainsKey("X-Forwarded-For");
        }

        return _networks.Any(n => n.Contains(address));
    }
}

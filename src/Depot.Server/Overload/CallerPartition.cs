using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Depot.Server.Auth;

namespace Depot.Server.Overload;

/// <summary>
/// Which token bucket a request draws from: its user's when it is authenticated, else its client address's. Only the
/// protocol surfaces (<c>/api</c>, <c>/dav</c>, <c>/s</c>) are limited; health probes, <c>/metrics</c> and the web
/// app's files never are, so a throttled user still loads the page that tells them so, and monitoring never goes blind.
/// </summary>
internal static class CallerPartition
{
    private static readonly PathString[] LimitedPrefixes = ["/api", "/dav", "/s"];

    public static RateLimitPartition<string> For(HttpContext context, OverloadOptions options)
    {
        if (!IsLimited(context.Request.Path))
        {
            return RateLimitPartition.GetNoLimiter("");
        }

        // The key is built only for a limit that is on: a string per request otherwise.
        if (UserOf(context) is { } userId)
        {
            return options.UserRequestsPerSecond == 0
                ? RateLimitPartition.GetNoLimiter("")
                : Bucket("user:" + userId, options.UserRequestsPerSecond, options.UserBurst);
        }

        return options.AddressRequestsPerSecond == 0
            ? RateLimitPartition.GetNoLimiter("")
            : Bucket("address:" + AddressKey(context.Connection.RemoteIpAddress), options.AddressRequestsPerSecond, options.AddressBurst);
    }

    // A loop: LINQ's Any over a method group of the request's path made a delegate and a closure per request.
    private static bool IsLimited(PathString path)
    {
        foreach (var prefix in LimitedPrefixes)
        {
            if (path.StartsWithSegments(prefix))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The <c>reason</c> a refusal of this request is counted under.</summary>
    public static string ReasonFor(HttpContext context) => UserOf(context) is null ? OverloadMetrics.AddressRate : OverloadMetrics.UserRate;

    // The principal is known here: the limiter runs after authorization, which also authenticates /dav's Basic scheme.
    private static string? UserOf(HttpContext context) =>
        context.User is CallerPrincipal { Caller.UserId: var userId } ? userId : context.User.FindFirstValue(DepotClaims.UserId);

    private static RateLimitPartition<string> Bucket(string key, int perSecond, int burst) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perSecond,
            // Whole seconds, so the Retry-After a refusal carries is a whole number of seconds too.
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        });

    /// <summary>
    /// An IPv4 address as such; an IPv6 address by its /64, since one host is routinely given a whole /64 and could
    /// otherwise pick a fresh address (and a fresh bucket) per request.
    /// </summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

using Depot.Core;
using Depot.Server.Api;

namespace Depot.Server.Auth;

/// <summary>
/// The answer to a secret check refused by the throttle, for every authentication scheme: 429 with Retry-After and the
/// code <c>too_many_attempts</c> (not the request-rate limiter's <c>rate_limited</c>), so clients can tell them apart.
/// </summary>
internal static class ThrottledChallenge
{
    public const string ItemKey = "depot:throttled";

    public static void Remember(HttpContext context, DepotError error)
    {
        if (error.RetryAfter is not null)
        {
            context.Items[ItemKey] = error;
        }
    }

    /// <summary>Writes the 429 when this request was throttled; false when it was not (the scheme challenges as usual).</summary>
    public static bool TryWrite(HttpContext context, out Task written)
    {
        written = context.Items[ItemKey] is DepotError error ? error.ToProblem().ExecuteAsync(context) : Task.CompletedTask;
        return context.Items.ContainsKey(ItemKey);
    }
}

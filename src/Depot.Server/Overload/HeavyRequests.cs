using System.Threading.RateLimiting;
using Depot.Core;
using Depot.Protocol;

namespace Depot.Server.Overload;

/// <summary>
/// The bound on heavy requests (zip archives, folder-link zips, search) running at once on this node. A gate of its
/// own rather than a rate-limiter policy: a public link is only known to be a folder (a zip) after it was looked up,
/// so the link handler asks here itself, and the REST endpoints do through <see cref="HeavyRequestFilter"/>.
/// </summary>
internal sealed class HeavyRequests(OverloadOptions options) : IDisposable
{
    // No queue: a queued zip still holds its connection and gains nothing over the client's own retry.
    private readonly ConcurrencyLimiter? _limiter = options.HeavyConcurrency == 0
        ? null
        : new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = options.HeavyConcurrency, QueueLimit = 0 });

    /// <summary>Takes a slot until the response is complete (a zip streams after its handler returned), or refuses with 503 <c>server_busy</c>.</summary>
    public Result<Unit> TryEnter(HttpContext context)
    {
        if (_limiter is null)
        {
            return Unit.Value;
        }

        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            context.Response.RegisterForDispose(lease);
            return Unit.Value;
        }

        lease.Dispose();
        OverloadMetrics.Refused(OverloadMetrics.HeavyConcurrency);
        return new DepotError(ErrorCodes.ServerBusy, "The server is busy with other archives and searches; try again shortly.",
            TimeSpan.FromSeconds(options.BusyRetryAfterSeconds));
    }

    public void Dispose() => _limiter?.Dispose();
}

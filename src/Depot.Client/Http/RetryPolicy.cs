using System.Net;

namespace Depot.Client.Http;

/// <summary>
/// Decides whether and how long to wait before another attempt: exponential backoff with jitter, the server's
/// Retry-After when it gives one, and bounds on attempts, single waits and the total wait.
/// </summary>
internal sealed class RetryPolicy(DepotClientOptions options, Func<double> random)
{
    public static bool IsRetryableStatus(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>Whether a failure to get any response is worth another attempt for this kind of request.</summary>
    public static bool IsTransient(Exception exception, RequestKind kind) => exception switch
    {
        // Nothing was sent when the connection could not be opened: safe to repeat even a POST.
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        // A TLS failure or an unknown host will not fix itself by trying again.
        HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError or HttpRequestError.NameResolutionError } => false,
        HttpRequestException or IOException => kind == RequestKind.Idempotent,
        // HttpClient.Timeout expired (not the caller's token): the request may or may not have been processed.
        TaskCanceledException { InnerException: TimeoutException } => kind == RequestKind.Idempotent,
        _ => false,
    };

    /// <summary>The wait before attempt <paramref name="failedAttempt"/> + 1, or null to give up.</summary>
    public TimeSpan? NextDelay(int failedAttempt, TimeSpan? retryAfter, TimeSpan waitedSoFar)
    {
        if (failedAttempt >= options.MaxAttempts)
        {
            return null;
        }

        // A server that asks for a longer pause than we accept gets its answer passed to the caller instead.
        if (retryAfter > options.MaxDelay)
        {
            return null;
        }

        var delay = retryAfter ?? Backoff(failedAttempt);
        return waitedSoFar + delay > options.MaxTotalDelay ? null : delay;
    }

    private TimeSpan Backoff(int failedAttempt)
    {
        var ceiling = options.BaseDelay * Math.Pow(2, failedAttempt - 1);
        if (ceiling > options.MaxDelay)
        {
            ceiling = options.MaxDelay;
        }

        // "Equal jitter": half the wait is fixed so we always back off, half is random so clients that failed
        // together do not come back together.
        return ceiling / 2 + ceiling / 2 * random();
    }
}

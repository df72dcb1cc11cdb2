using Depot.Server.Hosting;

namespace Depot.Server.Observability;

/// <summary>
/// One line per request: method, path, protocol, final status and duration. Runs outside the exception
/// handler so it records the status the client really got. Successful health probes are left out: a load
/// balancer polls them every few seconds and they would bury everything else.
/// </summary>
internal sealed class RequestLogging(RequestDelegate next, TimeProvider time, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            Log(context, time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Log(HttpContext context, double elapsedMs)
    {
        // Both lines are Information: with it off (the benchmark's Warning level), not even the path string is built.
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        var request = context.Request;
        var path = request.PathBase + LinkTokenRedaction.Redact(request.Path.ToString());
        if (context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            ObservabilityLog.RequestAborted(logger, request.Method, path, request.Protocol, context.Response.StatusCode, elapsedMs);
        }
        else if (context.Response.StatusCode >= 400 || !HealthHosting.IsProbe(request.Path))
        {
            ObservabilityLog.RequestFinished(logger, request.Method, path, request.Protocol, context.Response.StatusCode, elapsedMs);
        }
    }
}

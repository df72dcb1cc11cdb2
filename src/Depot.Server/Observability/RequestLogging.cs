using Depot.Server.Auth;
using Depot.Server.Hosting;
using Depot.Server.Observability.Metrics;
using Microsoft.AspNetCore.Http.Features;

namespace Depot.Server.Observability;

/// <summary>
/// One line per request: who (user, client address), what (method, decoded path, protocol) and how it ended (final
/// status, error code, bytes sent, duration). Runs outside the exception handler so it records the status the client
/// really got. Successful health probes and metrics scrapes are left out: a load balancer or Prometheus polls them
/// every few seconds and they would bury everything else.
/// </summary>
internal sealed class RequestLogging(RequestDelegate next, TimeProvider time, ILogger<RequestLogging> logger)
{
    private const string None = "-";

    public async Task InvokeAsync(HttpContext context)
    {
        // With Information off (the benchmark's Warning level), the request costs nothing here but the check.
        if (!logger.IsEnabled(LogLevel.Information))
        {
            await next(context);
            return;
        }

        var started = time.GetTimestamp();
        var server = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        var counter = new ResponseBodyCounter(server);
        context.Features.Set<IHttpResponseBodyFeature>(counter);
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(server);
            Log(context, counter.Bytes, time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private void Log(HttpContext context, long bytes, double elapsedMs)
    {
        var request = context.Request;
        var status = context.Response.StatusCode;
        if (status < 400 && !context.RequestAborted.IsCancellationRequested && (HealthHosting.IsProbe(request.Path) || request.Path == MetricsEndpoints.Path))
        {
            return;
        }

        var path = LogText.Printable(LinkTokenRedaction.Redact(request.PathBase.Value + request.Path.Value));
        var user = (context.User is CallerPrincipal { Caller.Username: var name } ? name : context.User.FindFirst(DepotClaims.Username)?.Value) ?? None;
        var client = context.ClientAddress() ?? None;
        var code = ResponseErrorCode.Get(context) ?? None;
        if (context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            ObservabilityLog.RequestAborted(logger, client, user, request.Method, path, request.Protocol, status, code, elapsedMs);
        }
        else
        {
            ObservabilityLog.RequestFinished(logger, client, user, request.Method, path, request.Protocol, status, code, bytes, elapsedMs);
        }
    }
}

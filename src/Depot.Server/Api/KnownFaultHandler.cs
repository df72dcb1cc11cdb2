using Depot.Server.Observability;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Depot.Server.Api;

/// <summary>
/// The exception handler's first stop: known faults (<see cref="KnownFault"/>) get their status, a problem document and
/// one log line without a stack trace; everything else falls through to the framework's 500, logged as an error.
/// A client that is gone is no fault either: the exception handler middleware recognises a cancelled or reset request
/// itself, answers nothing and logs at debug, unless the reset surfaced before the request was flagged aborted, which
/// this handler treats the same way; the request log then says "not delivered".
/// </summary>
internal sealed class KnownFaultHandler(IProblemDetailsService problems, ILogger<KnownFaultHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is ConnectionResetException || exception.InnerException is ConnectionResetException)
        {
            // The client reset the connection while its body was being read, a moment before Kestrel flags the request
            // aborted (which the middleware would have recognised): the same case, nobody to answer. The request log
            // says "not delivered", and the store kept nothing of the body (its write was cut off, never committed).
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            httpContext.Abort();
            return true;
        }

        if (KnownFault.Classify(exception) is not { } fault)
        {
            return false;
        }

        var request = httpContext.Request;
        var path = request.PathBase + LinkTokenRedaction.Redact(request.Path.ToString());
        if (fault.StoreDown)
        {
            ObservabilityLog.StorageUnavailable(logger, request.Method, path, fault.Cause ?? "");
        }
        else if (fault.DatabaseBusy)
        {
            ObservabilityLog.DatabaseBusy(logger, request.Method, path, fault.Cause ?? "");
        }
        else if (fault.Race)
        {
            ObservabilityLog.WriteRace(logger, request.Method, path, fault.Status, fault.Code);
        }
        else if (fault.ClientMistake)
        {
            ObservabilityLog.ClientMistake(logger, request.Method, path, fault.Status, fault.Detail);
        }
        else
        {
            ObservabilityLog.StorageFull(logger, request.Method, path);
        }

        httpContext.Response.StatusCode = fault.Status;
        if (fault.Status == StatusCodes.Status408RequestTimeout)
        {
            // The body never finished arriving, so the connection cannot carry another request.
            httpContext.Response.Headers.Connection = "close";
        }

        var problem = new ProblemDetails
        {
            Status = fault.Status,
            Detail = fault.Detail,
            Type = ProblemCodes.TypeFor(fault.Code),
            Extensions = { ["code"] = fault.Code },
        };
        if (fault.RetryAfterSeconds is { } wait)
        {
            // ProblemCodes turns this into the Retry-After header as the document is written.
            problem.Extensions[ProblemCodes.RetryAfterExtension] = wait;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = problem,
        });
    }
}

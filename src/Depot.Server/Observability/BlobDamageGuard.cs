using Depot.Core;
using Depot.Core.Storage;
using Depot.Protocol;
using Depot.Server.Api;

namespace Depot.Server.Observability;

/// <summary>
/// Where a verified read that found damage ends (REST, WebDAV, links, zips): before the response started, a problem
/// (500 <c>storage_damaged</c>); after, the connection is aborted, so the client sees a failed transfer and never a
/// complete body under the original digest. The damage itself was logged, counted and marked where it was found
/// (<see cref="BlobHealth"/>); this adds one line, without a stack trace.
/// </summary>
internal sealed class BlobDamageGuard(RequestDelegate next, ILogger<BlobDamageGuard> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BlobDamagedException e)
        {
            ObservabilityLog.DamagedResponse(logger, context.Request.Method, LinkTokenRedaction.Redact(context.Request.Path.ToString()), e.BlobId,
                context.Response.HasStarted ? "aborted mid-body" : "answered 500 storage_damaged");
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }

            // A download opens its blob at the first read, after the file result set its headers (Content-Length, ETag,
            // Content-Range): none of them describes the problem document.
            context.Response.Clear();
            await new DepotError(ErrorCodes.StorageDamaged,
                "The stored content is damaged or missing; the administrator has been told through the server log.").ToProblem().ExecuteAsync(context);
        }
    }
}

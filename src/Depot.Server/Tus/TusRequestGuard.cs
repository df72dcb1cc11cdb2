using Depot.Core;
using Depot.Protocol;
using Depot.Server.Api;

namespace Depot.Server.Tus;

/// <summary>
/// What tus requires of every request under <c>/api/v1/uploads</c>, in the pipeline before routing (so after the request
/// log and the security headers): <c>X-HTTP-Method-Override</c>
/// replaces the method; every response carries <c>Tus-Resumable</c>; a request (other than OPTIONS) without
/// <c>Tus-Resumable: 1.0.0</c> is answered 412 with <c>Tus-Version</c> and not processed.
/// </summary>
internal sealed class TusRequestGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(TusProtocol.Route, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (context.Request.Headers[TusProtocol.MethodOverride] is [{ Length: > 0 } method])
        {
            context.Request.Method = method.ToUpperInvariant();
        }

        var response = context.Response;
        response.OnStarting(() =>
        {
            response.Headers[TusProtocol.TusResumable] = TusProtocol.Version;
            return Task.CompletedTask;
        });

        if (!HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers[TusProtocol.TusResumable] != TusProtocol.Version)
        {
            response.Headers[TusProtocol.TusVersion] = TusProtocol.Version;
            await new DepotError(ErrorCodes.UnsupportedTusVersion,
                $"Send Tus-Resumable: {TusProtocol.Version}; it is the only tus version this server speaks.").ToProblem().ExecuteAsync(context);
            return;
        }

        await next(context);
    }
}

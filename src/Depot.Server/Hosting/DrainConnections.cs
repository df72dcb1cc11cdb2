namespace Depot.Server.Hosting;

/// <summary>
/// While draining, every HTTP/1.x response says <c>Connection: close</c>: a kept-alive connection (a proxy's pooled
/// backend connection or a direct client's) then ends after the answer instead of carrying a next request that would
/// meet the closed listener. HTTP/2 connections get GOAWAY from Kestrel when it stops.
/// </summary>
internal sealed class DrainConnections(RequestDelegate next, DrainState state)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (state.IsDraining && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol)))
        {
            context.Response.OnStarting(static response =>
            {
                ((HttpResponse)response).Headers.Connection = "close";
                return Task.CompletedTask;
            }, context.Response);
        }

        return next(context);
    }
}

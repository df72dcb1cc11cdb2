using Depot.Core.Access;
using Depot.Core.Files;

namespace Depot.Server.Dav;

/// <summary>One WebDAV request as the handlers see it: who asks, for which path, with the services at hand.</summary>
internal sealed class DavRequest(HttpContext context, Caller caller, DepotPath path)
{
    public HttpContext Context => context;

    public HttpRequest Request => context.Request;

    public HttpResponse Response => context.Response;

    public Caller Caller => caller;

    public DepotPath Path => path;

    public string Method => context.Request.Method;

    public CancellationToken Aborted => context.RequestAborted;

    public T Get<T>()
        where T : notnull => context.RequestServices.GetRequiredService<T>();
}

using Depot.Server.Auth;
using Depot.Server.Dav.Handlers;

namespace Depot.Server.Dav;

/// <summary>
/// WebDAV (RFC 4918, classes 1 and 2) at <c>/dav/</c>: each user's own tree. A thin adapter: every rule (names,
/// access, quota, versions, locks) is a core service's; the handlers parse, call and translate.
/// </summary>
internal static class DavEndpoints
{
    public const string Policy = "dav";

    public static readonly string[] Methods =
        ["GET", "HEAD", "PUT", "DELETE", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK"];

    public static void MapDav(this IEndpointRouteBuilder app)
    {
        var dav = app.MapGroup(DavHref.Prefix).ExcludeFromDescription();
        dav.MapMethods("/{**path}", [HttpMethods.Options], OptionsHandler.Handle).AllowAnonymous();
        dav.MapMethods("/{**path}", Methods, (Delegate)DispatchAsync).RequireAuthorization(Policy);
    }

    private static async Task<IResult> DispatchAsync(HttpContext context)
    {
        var path = DavHref.Of(context);
        if (!path.IsSuccess)
        {
            return DavResults.Error(path.Error, context.Request.Method);
        }

        var request = new DavRequest(context, context.User.ToCaller(context.Request), path.Value);
        DavMetrics.Request(request.Method);
        return request.Method switch
        {
            "GET" or "HEAD" => await GetHandler.HandleAsync(request),
            "PUT" => await PutHandler.HandleAsync(request),
            "DELETE" => await DeleteHandler.HandleAsync(request),
            "PROPFIND" => await PropfindHandler.HandleAsync(request),
            "PROPPATCH" => await ProppatchHandler.HandleAsync(request),
            "MKCOL" => await MkcolHandler.HandleAsync(request),
            "COPY" or "MOVE" => await CopyMoveHandler.HandleAsync(request),
            "LOCK" => await LockHandler.HandleAsync(request),
            "UNLOCK" => await UnlockHandler.HandleAsync(request),
            _ => TypedResults.StatusCode(StatusCodes.Status405MethodNotAllowed),
        };
    }
}

namespace Depot.Server.Dav.Handlers;

/// <summary>OPTIONS (RFC 4918 §10.1): compliance classes 1 and 2, and the methods. Answered without authentication, as it reveals nothing.</summary>
internal static class OptionsHandler
{
    public const string Allow = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK";

    public static IResult Handle(HttpContext context)
    {
        context.Response.Headers["DAV"] = "1, 2";
        context.Response.Headers.Allow = Allow;
        // Windows' WebDAV redirector only treats a server as DAV-capable with this header.
        context.Response.Headers["MS-Author-Via"] = "DAV";
        context.Response.ContentLength = 0;
        return TypedResults.Ok();
    }
}

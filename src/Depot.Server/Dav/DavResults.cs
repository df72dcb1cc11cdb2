using System.Text;
using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol;
using Depot.Server.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Dav;

/// <summary>Error answers of the WebDAV adapter: a problem document with the DAV status, or an RFC 4918 DAV:error body.</summary>
internal static class DavResults
{
    public static IResult Error(DepotError error, string method)
    {
        // §7.4, §16: a write the core refused for a lock names the locked resource in a lock-token-submitted element.
        if (error is { Code: ErrorCodes.Locked, Resource: { } resource })
        {
            return Precondition(StatusCodes.Status423Locked, "lock-token-submitted",
                DepotPath.Parse(resource) is { IsSuccess: true } locked ? DavHref.For(locked.Value, false) : null);
        }

        var extensions = new Dictionary<string, object?> { ["code"] = error.Code };
        if (error.RetryAfter is { } wait)
        {
            extensions[ProblemCodes.RetryAfterExtension] = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        }

        return TypedResults.Problem(error.Detail, statusCode: DavStatusMap.StatusFor(error.Code, method),
            type: ProblemCodes.TypeFor(error.Code), extensions: extensions);
    }

    /// <summary>A status with a <c>DAV:error</c> body naming the failed precondition (RFC 4918 §16), e.g. <c>propfind-finite-depth</c>.</summary>
    public static IResult Precondition(int status, string condition, string? href = null)
    {
        var inner = href is null ? "" : $"<D:href>{System.Security.SecurityElement.Escape(href)}</D:href>";
        var body = $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error xmlns:D=\"DAV:\"><D:{condition}>{inner}</D:{condition}></D:error>";
        return TypedResults.Text(body, "application/xml; charset=utf-8", Encoding.UTF8, status);
    }

    public static IResult Status(int status) => TypedResults.StatusCode(status);

    public static NoContent NoContent() => TypedResults.NoContent();
}

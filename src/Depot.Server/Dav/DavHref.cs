using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol;
using Depot.Server.Api;

namespace Depot.Server.Dav;

/// <summary>
/// URLs of the WebDAV tree: every path is under <c>/dav/</c>, each segment percent-encoded, collections with a
/// trailing slash (RFC 4918 §5.2). Parsing goes through <see cref="RequestPath"/>, the same raw-target rule as REST.
/// </summary>
internal static class DavHref
{
    public const string Prefix = "/dav";

    public static string For(DepotPath path, bool folder) =>
        Prefix + string.Concat(path.Segments.Select(s => "/" + Uri.EscapeDataString(s))) + (folder ? "/" : "");

    /// <summary>A lock's root in the viewer's tree (a lock on an unmapped or deleted path has no kind, so no trailing slash).</summary>
    public static string ForLockRoot(DepotPath root) => root.IsRoot ? Prefix + "/" : For(root, false);

    /// <summary>The request's own path.</summary>
    public static Result<DepotPath> Of(HttpContext context) => RequestPath.Parse(context, prefixSegments: 1);

    /// <summary>
    /// A URL from a header (Destination, an If tag): an absolute URI on this server or an absolute path, under
    /// <c>/dav/</c>. Another authority is <c>foreign_destination</c> (502 Bad Gateway in WebDAV, RFC 4918 §9.8.5); a
    /// path on this server outside <c>/dav/</c> is <c>invalid_request</c> (400): nothing but the WebDAV tree is a
    /// WebDAV destination.
    /// </summary>
    public static Result<DepotPath> Parse(HttpRequest request, string url)
    {
        var target = url.Trim();
        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            var port = request.Host.Port ?? (request.IsHttps ? 443 : 80);
            if (!string.Equals(absolute.IdnHost, request.Host.Host, StringComparison.OrdinalIgnoreCase) || absolute.Port != port)
            {
                return Result<DepotPath>.Fail(ErrorCodes.ForeignDestination,
                    $"'{absolute.GetLeftPart(UriPartial.Authority)}' is another server: WebDAV copies and moves stay on this one ({request.Host}).");
            }

            target = absolute.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        }
        else if (!target.StartsWith('/'))
        {
            return Result<DepotPath>.Fail(ErrorCodes.InvalidRequest, $"'{url}' is neither an absolute URI nor an absolute path.");
        }

        var path = target.Split('?', '#')[0];
        return path.Equals(Prefix, StringComparison.Ordinal) || path.StartsWith(Prefix + "/", StringComparison.Ordinal)
            ? RequestPath.Parse(path, prefixSegments: 1)
            : Result<DepotPath>.Fail(ErrorCodes.InvalidRequest, $"'{path}' is outside the WebDAV tree: a destination must be under {Prefix}/.");
    }
}

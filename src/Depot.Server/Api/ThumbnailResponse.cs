using Depot.Core;
using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Thumbnails;
using Depot.Protocol;
using Microsoft.Net.Http.Headers;

namespace Depot.Server.Api;

/// <summary>
/// Answers a thumbnail request, for the app's own files and for a link's visitor alike. The ETag is the image content's
/// hash and the size, so a client that has it gets 304 before anything is read. A URL that names the content it expects
/// (<c>v=</c> the file's SHA-256, as the web app sends) can never change meaning, so it may be cached for a year; one
/// without must be revalidated, since the file at a path changes. Always <c>private</c>: access is per user or link.
/// </summary>
internal static class ThumbnailResponse
{
    /// <summary>Says whether the thumbnail came from the cache (<c>cached</c>) or was decoded for this request (<c>rendered</c>).</summary>
    public const string SourceHeader = "X-Depot-Thumbnail";

    private const string Revalidate = "private, no-cache";
    private const string Immutable = "private, max-age=31536000, immutable";

    public static async Task<IResult> SendAsync(
        HttpContext context, ThumbnailService thumbnails, Caller caller, DepotPath path, string? sizeName, string? expectedSha256,
        Func<DepotError, IResult> refuse, CancellationToken cancellationToken)
    {
        if (ThumbnailSize.Parse(sizeName) is not { } size)
        {
            return refuse(new DepotError(ErrorCodes.InvalidRequest, "size must be 'small' or 'large'."));
        }

        var found = await thumbnails.FindAsync(caller, path, cancellationToken);
        if (!found.IsSuccess)
        {
            return refuse(found.Error);
        }

        var current = found.Value.Node.Sha256!;
        var headers = context.Response.GetTypedHeaders();
        headers.CacheControl = null;
        context.Response.Headers.CacheControl = string.Equals(expectedSha256, current, StringComparison.OrdinalIgnoreCase) ? Immutable : Revalidate;
        var tag = ETagFor(current, size);
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false)))
        {
            headers.ETag = tag;
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var thumbnail = await thumbnails.GetAsync(caller, path, size, cancellationToken);
        if (!thumbnail.IsSuccess)
        {
            // Not cacheable: a cap may be raised, or the file replaced by an image.
            context.Response.Headers.CacheControl = "no-store";
            return refuse(thumbnail.Error);
        }

        context.Response.Headers[SourceHeader] = thumbnail.Value.Cached ? "cached" : "rendered";
        context.Response.ContentLength = thumbnail.Value.Length;
        return TypedResults.Stream(thumbnail.Value.Content, Thumbnail.ContentType, entityTag: ETagFor(thumbnail.Value.SourceSha256, size));
    }

    private static EntityTagHeaderValue ETagFor(string sha256, ThumbnailSize size) => new($"\"{sha256}-{size.Key}\"");
}

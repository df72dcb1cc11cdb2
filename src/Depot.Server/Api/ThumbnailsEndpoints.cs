using System.Security.Claims;
using Depot.Core.Thumbnails;
using Depot.Server.Auth;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/thumbnails/{path}?size=small|large</c>: a WebP thumbnail of an image the caller can read (its own, or
/// shared with it). A link's visitor asks <c>/s/{token}/{path}?thumbnail=small|large</c> instead (<see cref="LinksEndpoints"/>).
/// </summary>
internal static class ThumbnailsEndpoints
{
    private const int PrefixSegments = 3;   // api, v1, thumbnails

    public static void MapThumbnails(this IEndpointRouteBuilder api)
    {
        var thumbnails = api.MapGroup("/thumbnails").WithTags("Files").RequireAuthorization();
        thumbnails.MapMethods("/{**path}", [HttpMethods.Get, HttpMethods.Head], GetAsync).WithName("GetThumbnail")
            .Produces(StatusCodes.Status200OK, contentType: Thumbnail.ContentType).Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> GetAsync(
        HttpContext context, ClaimsPrincipal user, ThumbnailService thumbnails, string? size, string? v, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        return path.IsSuccess
            ? await ThumbnailResponse.SendAsync(context, thumbnails, user.ToCaller(), path.Value, size, v, e => e.ToProblem(), cancellationToken)
            : path.Error!.ToProblem();
    }
}

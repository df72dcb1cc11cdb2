using System.Security.Claims;
using Depot.Core.Favourites;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/favourites</c>: the caller's starred items (list, star, unstar by path); <c>/api/v1/recent</c>: the
/// caller's most recently changed files. Rules are FavouriteService's.
/// </summary>
internal static class FavouritesEndpoints
{
    private const int PrefixSegments = 3;   // api, v1, favourites

    public static void MapFavourites(this IEndpointRouteBuilder api)
    {
        var favourites = api.MapGroup("/favourites").WithTags("Favourites").RequireAuthorization();
        favourites.MapGet("", ListAsync).WithName("ListFavourites");
        favourites.MapPut("/{**path}", AddAsync).WithName("AddFavourite");
        favourites.MapDelete("/{**path}", RemoveAsync).WithName("RemoveFavourite");
        api.MapGet("/recent", RecentAsync).WithTags("Favourites").RequireAuthorization().WithName("ListRecentFiles");
    }

    private static async Task<Results<Ok<NodeInfo[]>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, FavouriteService favourites, CancellationToken cancellationToken)
    {
        var result = await favourites.ListAsync(user.ToCaller(), cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(e => e.ToInfo()).ToArray()) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<NodeInfo>, ProblemHttpResult>> AddAsync(
        HttpContext context, ClaimsPrincipal user, FavouriteService favourites, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var result = path.IsSuccess ? await favourites.AddAsync(user.ToCaller(), path.Value, cancellationToken) : path.Error!;
        return result.IsSuccess ? TypedResults.Ok(result.Value.ToInfo()) : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        HttpContext context, ClaimsPrincipal user, FavouriteService favourites, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var result = path.IsSuccess ? await favourites.RemoveAsync(user.ToCaller(), path.Value, cancellationToken) : path.Error!;
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<NodeInfo[]>, ProblemHttpResult>> RecentAsync(
        ClaimsPrincipal user, FavouriteService favourites, int? limit, CancellationToken cancellationToken)
    {
        var result = await favourites.RecentAsync(user.ToCaller(), limit ?? 50, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(e => e.ToInfo()).ToArray()) : result.Error.ToProblem();
    }
}

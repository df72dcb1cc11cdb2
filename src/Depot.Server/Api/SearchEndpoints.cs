using System.Security.Claims;
using Depot.Core.Files;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Depot.Server.Overload;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/search?q=&amp;limit=&amp;cursor=</c>: files and folders whose name contains <c>q</c>, case-insensitively.</summary>
internal static class SearchEndpoints
{
    public static void MapSearch(this IEndpointRouteBuilder api)
    {
        var search = api.MapGroup("/search").WithTags("Search").RequireAuthorization().RequireHeavySlot();
        search.MapGet("", SearchAsync).WithName("SearchByName");
    }

    private static async Task<Results<Ok<SearchResults>, ProblemHttpResult>> SearchAsync(
        ClaimsPrincipal user, SearchService search, string? q, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var result = await search.SearchAsync(user.ToCaller(), q ?? "", limit ?? SearchService.DefaultLimit, cursor, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(new SearchResults([.. result.Value.Items.Select(i => i.ToInfo())], result.Value.NextCursor))
            : result.Error.ToProblem();
    }
}

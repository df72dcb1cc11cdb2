using System.Security.Claims;
using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/folders/{path}</c>: list (keyset-paged) and create (mkdir, mkdir -p).</summary>
internal static class FoldersEndpoints
{
    private const int PrefixSegments = 3;   // api, v1, folders

    public static void MapFolders(this IEndpointRouteBuilder api)
    {
        var folders = api.MapGroup("/folders").WithTags("Folders").RequireAuthorization();
        folders.MapGet("/{**path}", ListAsync).WithName("ListFolder");
        folders.MapPost("/{**path}", CreateAsync).WithName("CreateFolder");
    }

    // details=true adds each item's NodeDetails (folder sizes, sharing, locks, favourites) in a few more queries.
    private static async Task<Results<Ok<FolderListing>, ProblemHttpResult>> ListAsync(
        HttpContext context, ClaimsPrincipal user, FolderService folders, ListingDetails listingDetails, int? limit, string? cursor,
        string? sort, string? order, [FromQuery(Name = "folders")] string? grouping, bool? details, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var request = path.IsSuccess ? ParseListing(limit, cursor, sort, order, grouping) : path.Error!;
        var result = request.IsSuccess ? await folders.ListAsync(user.ToCaller(), path.Value, request.Value, cancellationToken) : request.Error!;
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        var extra = details == true ? await listingDetails.ReadAsync(user.ToCaller(), result.Value, cancellationToken) : new Dictionary<string, ItemDetails>();
        var page = result.Value;
        return TypedResults.Ok(new FolderListing(page.Folder.ToInfo(), [.. page.Items.Select(i => i.ToInfo(extra))], page.NextCursor));
    }

    private static async Task<Results<Created<NodeInfo>, Ok<NodeInfo>, ProblemHttpResult>> CreateAsync(
        HttpContext context, ClaimsPrincipal user, FolderService folders, bool? parents, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var result = path.IsSuccess ? await folders.CreateAsync(user.ToCaller(context.Request), path.Value, parents ?? false, cancellationToken) : path.Error!;
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        var info = result.Value.Entry.ToInfo();
        return result.Value.Created ? TypedResults.Created(result.Value.Entry.Location(), info) : TypedResults.Ok(info);
    }

    private static Result<ListRequest> ParseListing(int? limit, string? cursor, string? sort, string? order, string? folders)
    {
        ChildOrder? by = sort switch { null or "name" => ChildOrder.Name, "size" => ChildOrder.Size, "modified" => ChildOrder.Modified, _ => null };
        bool? descending = order switch { null or "asc" => false, "desc" => true, _ => null };
        bool? foldersFirst = folders switch { null or "mixed" => false, "first" => true, _ => null };
        return by is null || descending is null || foldersFirst is null
            ? Result<ListRequest>.Fail(ErrorCodes.InvalidRequest, "sort must be name, size or modified; order asc or desc; folders first or mixed.")
            : new ListRequest(by.Value, descending.Value, limit ?? ListRequest.DefaultLimit, cursor, foldersFirst.Value);
    }
}

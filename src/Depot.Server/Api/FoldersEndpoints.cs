using System.Security.Claims;
using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

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

    private static async Task<Results<Ok<FolderListing>, ProblemHttpResult>> ListAsync(
        HttpContext context, ClaimsPrincipal user, FolderService folders, int? limit, string? cursor, string? sort, string? order,
        CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var request = path.IsSuccess ? ParseListing(limit, cursor, sort, order) : path.Error!;
        var result = request.IsSuccess ? await folders.ListAsync(user.ToCaller(), path.Value, request.Value, cancellationToken) : request.Error!;
        return result.IsSuccess
            ? TypedResults.Ok(new FolderListing(result.Value.Folder.ToInfo(), [.. result.Value.Items.Select(i => i.ToInfo())], result.Value.NextCursor))
            : result.Error.ToProblem();
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

    private static Result<ListRequest> ParseListing(int? limit, string? cursor, string? sort, string? order)
    {
        ChildOrder? by = sort switch { null or "name" => ChildOrder.Name, "size" => ChildOrder.Size, "modified" => ChildOrder.Modified, _ => null };
        bool? descending = order switch { null or "asc" => false, "desc" => true, _ => null };
        return by is null || descending is null
            ? Result<ListRequest>.Fail(ErrorCodes.InvalidRequest, "sort must be name, size or modified; order must be asc or desc.")
            : new ListRequest(by.Value, descending.Value, limit ?? ListRequest.DefaultLimit, cursor);
    }
}

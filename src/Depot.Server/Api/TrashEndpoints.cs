using System.Security.Claims;
using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/trash</c>: list (newest first), restore, purge one, empty.</summary>
internal static class TrashEndpoints
{
    public static void MapTrash(this IEndpointRouteBuilder api)
    {
        var trash = api.MapGroup("/trash").WithTags("Trash").RequireAuthorization();
        trash.MapGet("", ListAsync).WithName("ListTrash");
        trash.MapPost("/{id}/restore", RestoreAsync).WithName("RestoreTrashItem");
        trash.MapDelete("/{id}", PurgeAsync).WithName("PurgeTrashItem");
        trash.MapDelete("", EmptyAsync).WithName("EmptyTrash");
    }

    private static async Task<Results<Ok<TrashListing>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, TrashService trash, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        var result = await trash.ListAsync(user.ToCaller(), limit ?? ListRequest.DefaultLimit, cursor, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(new TrashListing([.. result.Value.Items.Select(i => i.ToItem())], result.Value.NextCursor))
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<NodeInfo>, ProblemHttpResult>> RestoreAsync(
        string id, RestoreRequest? body, HttpRequest request, ClaimsPrincipal user, TrashService trash, CancellationToken cancellationToken)
    {
        var to = body?.To is { } target ? DepotPath.Parse(target) : (Result<DepotPath>?)null;
        if (to is { IsSuccess: false } invalid)
        {
            return invalid.Error.ToProblem();
        }

        var result = await trash.RestoreAsync(user.ToCaller(request), id, to?.Value, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value.ToInfo()) : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> PurgeAsync(
        string id, ClaimsPrincipal user, TrashService trash, CancellationToken cancellationToken)
    {
        var result = await trash.PurgeAsync(user.ToCaller(), id, cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EmptyAsync(
        ClaimsPrincipal user, TrashService trash, CancellationToken cancellationToken)
    {
        var result = await trash.EmptyAsync(user.ToCaller(), cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }
}

using System.Security.Claims;
using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/moves</c> and <c>/api/v1/copies</c>: move or rename, and metadata-only copy. <c>If-Match</c> and
/// <c>If-None-Match</c> apply to the source.
/// </summary>
internal static class MovesEndpoints
{
    public static void MapMoves(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Files").RequireAuthorization();
        group.MapPost("/moves", MoveAsync).WithName("MoveNode");
        group.MapPost("/copies", CopyAsync).WithName("CopyNode");
    }

    private static async Task<Results<Ok<NodeInfo>, ProblemHttpResult>> MoveAsync(
        MoveRequest body, HttpContext context, ClaimsPrincipal user, MoveService moves, CancellationToken cancellationToken)
    {
        var (from, to, conditions) = (DepotPath.Parse(body.From), DepotPath.Parse(body.To), FileHeaders.Preconditions(context.Request));
        var result = from.IsSuccess && to.IsSuccess && conditions.IsSuccess
            ? await moves.MoveAsync(user.ToCaller(context.Request), from.Value, to.Value, body.Overwrite, cancellationToken, conditions.Value)
            : Result<NodeEntry>.Fail((from.Error ?? to.Error ?? conditions.Error)!);
        return result.IsSuccess ? TypedResults.Ok(result.Value.ToInfo()) : result.Error.ToProblem();
    }

    private static async Task<Results<Created<NodeInfo>, ProblemHttpResult>> CopyAsync(
        MoveRequest body, HttpContext context, ClaimsPrincipal user, MoveService moves, CancellationToken cancellationToken)
    {
        var (from, to, conditions) = (DepotPath.Parse(body.From), DepotPath.Parse(body.To), FileHeaders.Preconditions(context.Request));
        var result = from.IsSuccess && to.IsSuccess && conditions.IsSuccess
            ? await moves.CopyAsync(user.ToCaller(context.Request), from.Value, to.Value, body.Overwrite, cancellationToken, conditions.Value)
            : Result<NodeEntry>.Fail((from.Error ?? to.Error ?? conditions.Error)!);
        return result.IsSuccess ? TypedResults.Created(result.Value.Location(), result.Value.ToInfo()) : result.Error.ToProblem();
    }
}

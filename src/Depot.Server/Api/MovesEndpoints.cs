using System.Security.Claims;
using Depot.Core;
using Depot.Core.Files;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/moves</c> and <c>/api/v1/copies</c>: move or rename, and metadata-only copy.</summary>
internal static class MovesEndpoints
{
    public static void MapMoves(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Files").RequireAuthorization();
        group.MapPost("/moves", MoveAsync).WithName("MoveNode");
        group.MapPost("/copies", CopyAsync).WithName("CopyNode");
    }

    private static async Task<Results<Ok<NodeInfo>, ProblemHttpResult>> MoveAsync(
        MoveRequest body, ClaimsPrincipal user, MoveService moves, CancellationToken cancellationToken)
    {
        var (from, to) = (DepotPath.Parse(body.From), DepotPath.Parse(body.To));
        var result = from.IsSuccess && to.IsSuccess
            ? await moves.MoveAsync(user.ToCaller(), from.Value, to.Value, body.Overwrite, cancellationToken)
            : Result<NodeEntry>.Fail((from.Error ?? to.Error)!);
        return result.IsSuccess ? TypedResults.Ok(result.Value.ToInfo()) : result.Error.ToProblem();
    }

    private static async Task<Results<Created<NodeInfo>, ProblemHttpResult>> CopyAsync(
        MoveRequest body, ClaimsPrincipal user, MoveService moves, CancellationToken cancellationToken)
    {
        var (from, to) = (DepotPath.Parse(body.From), DepotPath.Parse(body.To));
        var result = from.IsSuccess && to.IsSuccess
            ? await moves.CopyAsync(user.ToCaller(), from.Value, to.Value, body.Overwrite, cancellationToken)
            : Result<NodeEntry>.Fail((from.Error ?? to.Error)!);
        return result.IsSuccess ? TypedResults.Created(result.Value.Location(), result.Value.ToInfo()) : result.Error.ToProblem();
    }
}

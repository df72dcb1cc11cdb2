using System.Security.Claims;
using Depot.Core.Files;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/nodes/{path}</c>: stat a file or folder.</summary>
internal static class NodesEndpoints
{
    private const int PrefixSegments = 3;   // api, v1, nodes

    public static void MapNodes(this IEndpointRouteBuilder api)
    {
        var nodes = api.MapGroup("/nodes").WithTags("Files").RequireAuthorization();
        nodes.MapGet("/{**path}", GetAsync).WithName("GetNode");
    }

    private static async Task<Results<Ok<NodeInfo>, ProblemHttpResult>> GetAsync(
        HttpContext context, ClaimsPrincipal user, FileService files, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var result = path.IsSuccess ? await files.GetAsync(user.ToCaller(), path.Value, cancellationToken) : path.Error!;
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        context.Response.Headers.ETag = result.Value.Node.ETag;
        return TypedResults.Ok(result.Value.ToInfo());
    }
}

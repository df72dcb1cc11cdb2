using System.Security.Claims;
using Depot.Core.Files;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/versions/{path}</c>: a file's history, and restoring an old version as the new current one.</summary>
internal static class VersionsEndpoints
{
    private const int PrefixSegments = 3;   // api, v1, versions

    public static void MapVersions(this IEndpointRouteBuilder api)
    {
        var versions = api.MapGroup("/versions").WithTags("Versions").RequireAuthorization();
        versions.MapGet("/{**path}", ListAsync).WithName("ListVersions");
        versions.MapPost("/{**path}", RestoreAsync).WithName("RestoreVersion");
    }

    private static async Task<Results<Ok<VersionInfo[]>, ProblemHttpResult>> ListAsync(
        HttpContext context, ClaimsPrincipal user, VersionService versions, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var result = path.IsSuccess ? await versions.ListAsync(user.ToCaller(), path.Value, cancellationToken) : path.Error!;
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(v => v.ToInfo()).ToArray()) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<NodeInfo>, ProblemHttpResult>> RestoreAsync(
        HttpContext context, RestoreVersionRequest body, ClaimsPrincipal user, VersionService versions, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        var conditions = path.IsSuccess ? FileHeaders.Preconditions(context.Request) : path.Error!;
        var result = conditions.IsSuccess
            ? await versions.RestoreAsync(user.ToCaller(context.Request), path.Value, body.VersionId, cancellationToken, conditions.Value)
            : conditions.Error!;
        return result.IsSuccess ? TypedResults.Ok(result.Value.ToInfo()) : result.Error.ToProblem();
    }
}

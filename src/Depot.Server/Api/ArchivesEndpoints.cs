using System.Security.Claims;
using Depot.Core.Files;
using Depot.Protocol.Files;
using Depot.Server.Auth;
using Depot.Server.Overload;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/archives</c>: a folder (<c>GET /archives/{path}</c>) or a selection (<c>POST /archives</c>) as a zip,
/// streamed to the response as it is written. A GET is a plain link, so a browser saves it straight to disk.
/// </summary>
internal static class ArchivesEndpoints
{
    private const int PrefixSegments = 3;   // api, v1, archives

    public static void MapArchives(this IEndpointRouteBuilder api)
    {
        var archives = api.MapGroup("/archives").WithTags("Archives").RequireAuthorization().RequireHeavySlot();
        archives.MapGet("/{**path}", GetAsync).WithName("DownloadFolderArchive").Produces(StatusCodes.Status200OK, contentType: "application/zip");
        archives.MapPost("", PostAsync).WithName("DownloadArchive").Produces(StatusCodes.Status200OK, contentType: "application/zip");
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> GetAsync(
        HttpContext context, ClaimsPrincipal user, ArchiveService archives, CancellationToken cancellationToken)
    {
        var path = RequestPath.Parse(context, PrefixSegments);
        return path.IsSuccess ? await ZipAsync(context, user, archives, [path.Value], cancellationToken) : path.Error.ToProblem();
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> PostAsync(
        ArchiveRequest body, HttpContext context, ClaimsPrincipal user, ArchiveService archives, CancellationToken cancellationToken)
    {
        var paths = (body.Paths ?? []).Select(DepotPath.Parse).ToList();
        var bad = paths.FirstOrDefault(p => !p.IsSuccess);
        return bad.Error is { } error ? error.ToProblem()
            : await ZipAsync(context, user, archives, [.. paths.Select(p => p.Value)], cancellationToken);
    }

    private static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> ZipAsync(
        HttpContext context, ClaimsPrincipal user, ArchiveService archives, IReadOnlyList<DepotPath> paths, CancellationToken cancellationToken)
    {
        var plan = await archives.PlanAsync(user.ToCaller(), paths, cancellationToken);
        if (!plan.IsSuccess)
        {
            return plan.Error.ToProblem();
        }

        InlinePreview.Apply(context.Response, "", null);
        var name = paths.Count == 1 && !paths[0].IsRoot ? paths[0].Name + ".zip" : "depot.zip";
        return TypedResults.Stream(stream => archives.WriteAsync(plan.Value, stream, context.RequestAborted), "application/zip", name);
    }
}

using System.Security.Claims;
using Depot.Core;
using Depot.Core.Access;
using Depot.Core.Files;
using Depot.Core.Sharing;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Protocol.Sharing;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/shares</c>: share items with users and groups (owners and managers), list, change and revoke them;
/// <c>/api/v1/shares/incoming</c>: "shared with me"; <c>/api/v1/mounts</c>: mount a shared item in the caller's tree
/// (unmount: delete the mount's path like any item). Every rule is ShareService's and AccessPolicy's.
/// </summary>
internal static class SharesEndpoints
{
    public static void MapShares(this IEndpointRouteBuilder api)
    {
        var shares = api.MapGroup("/shares").WithTags("Sharing").RequireAuthorization();
        shares.MapGet("", ListAsync).WithName("ListShares");
        shares.MapPost("", CreateAsync).WithName("CreateShare");
        shares.MapGet("/incoming", ListIncomingAsync).WithName("ListIncomingShares");
        shares.MapPatch("/{id}", UpdateAsync).WithName("UpdateShare");
        shares.MapDelete("/{id}", RevokeAsync).WithName("RevokeShare");
        api.MapPost("/mounts", MountAsync).WithTags("Sharing").RequireAuthorization().WithName("CreateMount");
    }

    private static async Task<Results<Ok<ShareInfo[]>, ProblemHttpResult>> ListAsync(
        string? path, ClaimsPrincipal user, ShareService shares, CancellationToken cancellationToken)
    {
        var item = OptionalPath.Parse(path);
        if (!item.IsSuccess)
        {
            return item.Error.ToProblem();
        }

        var result = await shares.ListOutgoingAsync(user.ToCaller(), item.Value, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(ToInfo).ToArray()) : result.Error.ToProblem();
    }

    private static async Task<Ok<ShareInfo[]>> ListIncomingAsync(ClaimsPrincipal user, ShareService shares, CancellationToken cancellationToken) =>
        TypedResults.Ok((await shares.ListIncomingAsync(user.ToCaller(), cancellationToken)).Select(ToInfo).ToArray());

    private static async Task<Results<Created<ShareInfo>, ProblemHttpResult>> CreateAsync(
        CreateShareRequest body, ClaimsPrincipal user, ShareService shares, CancellationToken cancellationToken)
    {
        var path = DepotPath.Parse(body.Path);
        if (!path.IsSuccess)
        {
            return path.Error.ToProblem();
        }

        if (AccessPolicy.Names.Parse(body.Role) is not { } role)
        {
            return new DepotError(ErrorCodes.InvalidRequest, "The role is one of viewer, editor, manager.").ToProblem();
        }

        var result = await shares.CreateAsync(user.ToCaller(), path.Value, body.User, body.Group, role, body.ExpiresAt, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/shares/{result.Value.Id}", ToInfo(result.Value))
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<ShareInfo>, ProblemHttpResult>> UpdateAsync(
        string id, UpdateShareRequest body, ClaimsPrincipal user, ShareService shares, CancellationToken cancellationToken)
    {
        Role? role = null;
        if (body.Role is not null)
        {
            role = AccessPolicy.Names.Parse(body.Role);
            if (role is null)
            {
                return new DepotError(ErrorCodes.InvalidRequest, "The role is one of viewer, editor, manager.").ToProblem();
            }
        }

        var result = await shares.UpdateAsync(user.ToCaller(), id, role, body.ExpiresAt, body.ClearExpiry, cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(ToInfo(result.Value)) : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string id, ClaimsPrincipal user, ShareService shares, CancellationToken cancellationToken)
    {
        var result = await shares.RevokeAsync(user.ToCaller(), id, cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static async Task<Results<Created<NodeInfo>, ProblemHttpResult>> MountAsync(
        CreateMountRequest body, HttpRequest request, ClaimsPrincipal user, ShareService shares, CancellationToken cancellationToken)
    {
        var path = DepotPath.Parse(body.Path);
        var result = path.IsSuccess
            ? await shares.MountAsync(user.ToCaller(request), body.NodeId ?? "", path.Value, cancellationToken)
            : Result<NodeEntry>.Fail(path.Error);
        return result.IsSuccess ? TypedResults.Created(result.Value.Location(), result.Value.ToInfo()) : result.Error.ToProblem();
    }

    private static ShareInfo ToInfo(ShareRecord share) => new(
        share.Id, share.NodeId, share.ItemName, FileMappings.KindOf(new Node { Kind = (NodeKind)share.ItemKind }), share.Path, share.OwnerName,
        share.IsGroup ? "group" : "user", share.GranteeName, AccessPolicy.Names.Of(share.Role),
        DateTimeOffset.FromUnixTimeMilliseconds(share.CreatedAt),
        share.ExpiresAt is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null);
}

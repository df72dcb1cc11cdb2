using System.Security.Claims;
using Depot.Core;
using Depot.Core.Groups;
using Depot.Protocol.Groups;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary><c>/api/v1/groups</c> (admins): groups and their members; <c>/api/v1/me/groups</c>: the caller's own groups.</summary>
internal static class GroupsEndpoints
{
    public static void MapGroups(this IEndpointRouteBuilder api)
    {
        // The admin policy answers 403 early; GroupService checks again, as the rule's one owner.
        var groups = api.MapGroup("/groups").WithTags("Groups").RequireAuthorization(AuthPolicies.Admin);
        groups.MapGet("", ListAsync).WithName("ListGroups");
        groups.MapPost("", CreateAsync).WithName("CreateGroup");
        groups.MapGet("/{name}", GetAsync).WithName("GetGroup");
        groups.MapPatch("/{name}", RenameAsync).WithName("RenameGroup");
        groups.MapDelete("/{name}", DeleteAsync).WithName("DeleteGroup");
        groups.MapGet("/{name}/members", ListMembersAsync).WithName("ListGroupMembers");
        groups.MapPut("/{name}/members/{username}", AddMemberAsync).WithName("AddGroupMember");
        groups.MapDelete("/{name}/members/{username}", RemoveMemberAsync).WithName("RemoveGroupMember");
        api.MapGet("/me/groups", ListMineAsync).WithTags("Me").RequireAuthorization().WithName("ListMyGroups");
    }

    private static async Task<Results<Ok<GroupInfo[]>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, GroupService groups, CancellationToken cancellationToken)
    {
        var result = await groups.ListAsync(user.ToCaller(), cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(ToInfo).ToArray()) : result.Error.ToProblem();
    }

    private static async Task<Results<Created<GroupInfo>, ProblemHttpResult>> CreateAsync(
        CreateGroupRequest body, ClaimsPrincipal user, GroupService groups, CancellationToken cancellationToken)
    {
        var result = await groups.CreateAsync(user.ToCaller(), body.Name ?? "", cancellationToken);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/groups/{Uri.EscapeDataString(result.Value.Name)}", ToInfo(result.Value))
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<GroupInfo>, ProblemHttpResult>> GetAsync(
        string name, ClaimsPrincipal user, GroupService groups, CancellationToken cancellationToken) =>
        ToOk(await groups.GetAsync(user.ToCaller(), name, cancellationToken));

    private static async Task<Results<Ok<GroupInfo>, ProblemHttpResult>> RenameAsync(
        string name, UpdateGroupRequest body, ClaimsPrincipal user, GroupService groups, CancellationToken cancellationToken) =>
        ToOk(await groups.RenameAsync(user.ToCaller(), name, body.Name ?? "", cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string name, ClaimsPrincipal user, GroupService groups, CancellationToken cancellationToken) =>
        ToNoContent(await groups.DeleteAsync(user.ToCaller(), name, cancellationToken));

    private static async Task<Results<Ok<GroupMemberInfo[]>, ProblemHttpResult>> ListMembersAsync(
        string name, ClaimsPrincipal user, GroupService groups, CancellationToken cancellationToken)
    {
        var result = await groups.ListMembersAsync(user.ToCaller(), name, cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(result.Value.Select(m => new GroupMemberInfo(m.Username, m.AddedAt)).ToArray())
            : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> AddMemberAsync(
        string name, string username, ClaimsPrincipal user, GroupService groups, CancellationToken cancellationToken) =>
        ToNoContent(await groups.AddMemberAsync(user.ToCaller(), name, username, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveMemberAsync(
        string name, string username, ClaimsPrincipal user, GroupService groups, CancellationToken cancellationToken) =>
        ToNoContent(await groups.RemoveMemberAsync(user.ToCaller(), name, username, cancellationToken));

    private static async Task<Ok<GroupInfo[]>> ListMineAsync(ClaimsPrincipal user, GroupService groups, CancellationToken cancellationToken) =>
        TypedResults.Ok((await groups.ListMineAsync(user.ToCaller(), cancellationToken)).Select(ToInfo).ToArray());

    private static GroupInfo ToInfo(GroupRecord group) => new(group.Name, group.MemberCount, group.CreatedAt);

    private static Results<Ok<GroupInfo>, ProblemHttpResult> ToOk(Result<GroupRecord> result) =>
        result.IsSuccess ? TypedResults.Ok(ToInfo(result.Value)) : result.Error.ToProblem();

    private static Results<NoContent, ProblemHttpResult> ToNoContent(Result<Unit> result) =>
        result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
}

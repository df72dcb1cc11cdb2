using System.Security.Claims;
using Depot.Core.Accounts;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol.Users;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

internal static class UsersEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        // The admin policy answers 403 early; UserAdminService checks again, as the rule's one owner.
        var users = api.MapGroup("/users").WithTags("Users").RequireAuthorization(AuthPolicies.Admin);
        users.MapGet("", ListAsync).WithName("ListUsers");
        users.MapPost("", CreateAsync).WithName("CreateUser");
        users.MapGet("/{username}", GetAsync).WithName("GetUser");
        users.MapPatch("/{username}", UpdateAsync).WithName("UpdateUser");
        users.MapDelete("/{username}", DeleteAsync).WithName("DeleteUser");
        users.MapPut("/{username}/password", ResetPasswordAsync).WithName("ResetPassword");
        users.MapPut("/{username}/quota", SetQuotaAsync).WithName("SetQuota");
        users.MapDelete("/{username}/two-factor", ResetTwoFactorAsync).WithName("ResetTwoFactor");
    }

    private static async Task<Results<Ok<UserInfo[]>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, UserAdminService admin, CancellationToken cancellationToken)
    {
        var result = await admin.ListAsync(user.ToCaller(), cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(result.Value.Select(u => u.ToInfo()).ToArray()) : result.Error.ToProblem();
    }

    private static async Task<Results<Created<UserInfo>, ProblemHttpResult>> CreateAsync(
        CreateUserRequest body, ClaimsPrincipal user, UserAdminService admin, CancellationToken cancellationToken)
    {
        var result = await admin.CreateAsync(user.ToCaller(), body.Username ?? "", body.Password ?? "", body.IsAdmin, body.QuotaBytes,
            cancellationToken);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/users/{Uri.EscapeDataString(result.Value.Username)}", result.Value.ToInfo())
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> GetAsync(
        string username, ClaimsPrincipal user, UserAdminService admin, CancellationToken cancellationToken) =>
        ToOk(await admin.GetAsync(user.ToCaller(), username, cancellationToken));

    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> UpdateAsync(
        string username, UpdateUserRequest body, ClaimsPrincipal user, UserAdminService admin, CancellationToken cancellationToken) =>
        ToOk(await admin.UpdateAsync(user.ToCaller(), username, body.Disabled, body.IsAdmin, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string username, ClaimsPrincipal user, UserAdminService admin, CancellationToken cancellationToken)
    {
        var result = await admin.DeleteAsync(user.ToCaller(), username, cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ResetPasswordAsync(
        string username, SetPasswordRequest body, ClaimsPrincipal user, UserAdminService admin, CancellationToken cancellationToken)
    {
        var result = await admin.ResetPasswordAsync(user.ToCaller(), username, body.Password ?? "", cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> SetQuotaAsync(
        string username, SetQuotaRequest body, ClaimsPrincipal user, UserAdminService admin, CancellationToken cancellationToken) =>
        ToOk(await admin.SetQuotaAsync(user.ToCaller(), username, body.QuotaBytes, cancellationToken));

    // For a user who lost both the phone and the recovery codes; audited as two_factor.reset.
    private static async Task<Results<NoContent, ProblemHttpResult>> ResetTwoFactorAsync(
        string username, ClaimsPrincipal user, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var result = await twoFactor.ResetAsync(user.ToCaller(), username, cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static Results<Ok<UserInfo>, ProblemHttpResult> ToOk(Depot.Core.Result<UserRecord> result) =>
        result.IsSuccess ? TypedResults.Ok(result.Value.ToInfo()) : result.Error.ToProblem();
}

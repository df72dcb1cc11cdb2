using System.Security.Claims;
using Depot.Core.Accounts;
using Depot.Core.Accounts.TwoFactor;
using Depot.Protocol.Auth;
using Depot.Protocol.Users;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

internal static class MeEndpoints
{
    public static void MapMe(this IEndpointRouteBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me").RequireAuthorization();
        me.MapGet("", GetAsync).AllowBeforeEnrolment().WithName("GetMe");
        me.MapPut("/password", ChangePasswordAsync).WithName("ChangePassword");
        me.MapGet("/tokens", ListTokensAsync).WithName("ListTokens");
        me.MapPost("/tokens", CreateTokenAsync).WithName("CreateToken");
        me.MapDelete("/tokens/{id}", RevokeTokenAsync).WithName("RevokeToken");
    }

    private static async Task<Results<Ok<UserInfo>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, AccountService accounts, TwoFactorService twoFactor, CancellationToken cancellationToken)
    {
        var result = await accounts.GetSelfAsync(user.ToCaller(), cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(result.Value.ToInfo(await twoFactor.IsRequiredForAsync(result.Value, cancellationToken)))
            : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest body, ClaimsPrincipal user, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.ChangePasswordAsync(user.ToCaller(), body.CurrentPassword ?? "", body.NewPassword ?? "",
            context.ClientAddress(), cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }

    private static async Task<Ok<TokenInfo[]>> ListTokensAsync(ClaimsPrincipal user, AccountService accounts, CancellationToken cancellationToken)
    {
        var caller = user.ToCaller();
        var tokens = await accounts.ListTokensAsync(caller, cancellationToken);
        return TypedResults.Ok(tokens.Select(t => t.ToInfo(caller.TokenId)).ToArray());
    }

    private static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> CreateTokenAsync(
        CreateTokenRequest body, ClaimsPrincipal user, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.CreatePersonalTokenAsync(user.ToCaller(), body.Name ?? "", body.ExpiresAt, context.ClientAddress(),
            cancellationToken);
        return result.IsSuccess
            ? TypedResults.Created($"/api/v1/me/tokens/{result.Value.Record.Id}",
                new CreatedToken(result.Value.Secret, result.Value.Record.ToInfo(null)))
            : result.Error.ToProblem();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeTokenAsync(
        string id, ClaimsPrincipal user, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.RevokeTokenAsync(user.ToCaller(), id, cancellationToken);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error.ToProblem();
    }
}

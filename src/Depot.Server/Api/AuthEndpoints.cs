using System.Security.Claims;
using Depot.Core.Accounts;
using Depot.Protocol.Auth;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

internal static class AuthEndpoints
{
    public static void MapAuth(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        auth.MapPost("/token", SignInAsync).AllowAnonymous().WithName("SignIn");
        auth.MapDelete("/token", SignOutAsync).RequireAuthorization().AllowBeforeEnrolment().WithName("SignOut");
    }

    // Throttling, identical answers for unknown users and wrong passwords: all in AccountService.
    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> SignInAsync(
        TokenRequest body, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.SignInAsync(body.Username ?? "", body.Password ?? "", body.Code, TokenKinds.Session, context.ClientAddress(),
            cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(new TokenResponse(result.Value.Secret, result.Value.Record.ExpiresAt))
            : result.Error.ToProblem();
    }

    private static async Task<NoContent> SignOutAsync(ClaimsPrincipal user, AccountService accounts, CancellationToken cancellationToken)
    {
        await accounts.SignOutAsync(user.ToCaller(), cancellationToken);
        return TypedResults.NoContent();
    }
}

using System.Security.Claims;
using Depot.Core.Accounts;
using Depot.Protocol.Auth;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/auth/session</c> and <c>/api/v1/auth/antiforgery</c>: the web app's sign-in. The token is a <c>web</c>
/// token in an HttpOnly cookie; state-changing requests it authenticates need the antiforgery header.
/// </summary>
internal static class SessionEndpoints
{
    public static void MapSessions(this IEndpointRouteBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Auth");
        // Signing in changes no one's data, and a cross-site JSON POST needs a CORS preflight Depot never grants.
        auth.MapPost("/session", SignInAsync).AllowAnonymous().DisableAntiforgery().WithName("CreateSession");
        auth.MapDelete("/session", SignOutAsync).RequireAuthorization().AllowBeforeEnrolment().WithName("DeleteSession");
        auth.MapGet("/antiforgery", GetToken).RequireAuthorization().AllowBeforeEnrolment().WithName("GetAntiforgeryToken");
    }

    // Same checks and throttling as POST /auth/token (AccountService); only where the secret goes differs.
    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignInAsync(
        TokenRequest body, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.SignInAsync(body.Username ?? "", body.Password ?? "", body.Code, TokenKinds.Web, context.ClientAddress(),
            cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        SessionCookie.Set(context.Response, result.Value.Secret, result.Value.Record.ExpiresAt);
        return TypedResults.Ok(new SessionResponse(body.Username!, result.Value.Record.ExpiresAt));
    }

    private static async Task<NoContent> SignOutAsync(
        ClaimsPrincipal user, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        await accounts.SignOutAsync(user.ToCaller(), cancellationToken);
        SessionCookie.Clear(context.Response);
        return TypedResults.NoContent();
    }

    // The request token is bound to this session (the principal's claims), so it is useless with any other.
    private static Ok<AntiforgeryToken> GetToken(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return TypedResults.Ok(new AntiforgeryToken(tokens.RequestToken!, AntiforgeryGuard.HeaderName));
    }
}

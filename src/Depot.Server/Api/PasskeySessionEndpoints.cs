using Depot.Core.Accounts.Passkeys;
using Depot.Protocol.Auth;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/auth/passkeys</c>: the web app's sign-in with a passkey, alone (<c>/sign-in</c>, no username) or as the
/// second factor after the password (<c>/second-factor</c>), both finished at <c>/session</c>, which sets the same
/// session cookie as <c>POST /auth/session</c>. Throttled and audited like a password (PasskeyService).
/// </summary>
internal static class PasskeySessionEndpoints
{
    public static void MapPasskeySessions(this IEndpointRouteBuilder api)
    {
        // Anonymous like POST /auth/session, and for the same reason without antiforgery: nothing changes before a
        // signed assertion arrives, and a cross-site JSON POST needs a CORS preflight Depot never grants.
        var auth = api.MapGroup("/auth/passkeys").WithTags("Auth").AllowAnonymous().DisableAntiforgery();
        auth.MapPost("/sign-in", BeginSignInAsync).WithName("BeginPasskeySignIn");
        auth.MapPost("/second-factor", BeginSecondFactorAsync).WithName("BeginPasskeySecondFactor");
        auth.MapPost("/session", FinishAsync).WithName("CreatePasskeySession");
    }

    private static async Task<Results<Ok<PasskeyCeremonyResponse>, ProblemHttpResult>> BeginSignInAsync(
        HttpContext context, PasskeySignInService passkeys, PasskeyParties parties, CancellationToken cancellationToken)
    {
        var result = await passkeys.BeginSignInAsync(parties.For(context.Request), cancellationToken);
        return result.IsSuccess ? TypedResults.Ok(PasskeysEndpoints.ToResponse(result.Value, null)) : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<PasskeyCeremonyResponse>, ProblemHttpResult>> BeginSecondFactorAsync(
        PasskeySecondFactorRequest body, HttpContext context, PasskeySignInService passkeys, PasskeyParties parties, CancellationToken cancellationToken)
    {
        var result = await passkeys.BeginSecondFactorAsync(parties.For(context.Request), body.Username ?? "", body.Password ?? "",
            context.ClientAddress(), cancellationToken);
        return result.IsSuccess
            ? TypedResults.Ok(PasskeysEndpoints.ToResponse(result.Value, result.Value.CodeAccepted))
            : result.Error.ToProblem();
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> FinishAsync(
        PasskeySignInRequest body, HttpContext context, PasskeySignInService passkeys, PasskeyParties parties, CancellationToken cancellationToken)
    {
        var result = await passkeys.FinishSignInAsync(parties.For(context.Request), body.ChallengeId ?? "", body.Credential.GetRawText(),
            TokenKinds.Web, context.ClientAddress(), cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error.ToProblem();
        }

        SessionCookie.Set(context.Response, result.Value.Token.Secret, result.Value.Token.Record.ExpiresAt);
        return TypedResults.Ok(new SessionResponse(result.Value.Username, result.Value.Token.Record.ExpiresAt));
    }
}

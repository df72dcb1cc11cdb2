using System.Security.Claims;
using System.Text.Encodings.Web;
using Depot.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Depot.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;token&gt;</c>, or else the web app's session cookie, against the hashed
/// tokens in the store. Tokens are never read from a URL, so they do not end up in logs or browser history.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountService accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        var (secret, via) = header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? (header["Bearer ".Length..].Trim(), "bearer")
            : (SessionCookie.Read(Request), SessionCookie.Via);
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        var address = Context.ClientAddress();
        var result = await accounts.AuthenticateAsync(secret, address, Context.RequestAborted);
        if (!result.IsSuccess)
        {
            ThrottledChallenge.Remember(Context, result.Error);
            if (result.Error.RetryAfter is null && via == SessionCookie.Via)
            {
                // A revoked or expired session: tell the browser to drop it, so it stops counting as a failure.
                SessionCookie.Clear(Response);
            }

            return AuthenticateResult.Fail(result.Error.Detail);
        }

        var caller = result.Value;
        var identity = CallerPrincipal.NewIdentity(SchemeName, DepotClaims.Username,
            (DepotClaims.UserId, caller.UserId),
            (DepotClaims.Username, caller.Username),
            (DepotClaims.TokenId, caller.TokenId ?? ""),
            (DepotClaims.Admin, caller.IsAdmin ? "true" : "false"),
            (DepotClaims.Via, via));
        if (caller.MustEnrolTwoFactor)
        {
            identity.AddClaim(new Claim(DepotClaims.MustEnrol, "true", ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));
        }

        var principal = CallerPrincipal.Create(caller, identity, address);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>A throttled token check answers 429 with Retry-After rather than 401, so clients back off.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (ThrottledChallenge.TryWrite(Context, out var throttled))
        {
            return throttled;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

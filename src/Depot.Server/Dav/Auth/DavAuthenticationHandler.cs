using System.Net;
using System.Text.Encodings.Web;
using Depot.Core;
using Depot.Core.Access;
using Depot.Core.Accounts;
using Depot.Server.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Depot.Server.Dav.Auth;

/// <summary>
/// Authentication for <c>/dav</c>: HTTP Basic (RFC 7617) with the account password or an app password, or a bearer
/// token. WebDAV clients (Finder, Explorer, GNOME, rclone) speak Basic; Basic is only accepted over TLS or from
/// loopback, the same rule as the server's plain-HTTP listeners, because it carries the secret in every request.
/// </summary>
internal sealed class DavAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccountService accounts, BasicAuthenticator basic)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DepotDav";
    public const string Challenge = "Basic realm=\"Depot\", charset=\"UTF-8\"";
    private const string InsecureKey = "depot:dav-insecure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        var address = Context.ClientAddress();
        Result<Caller> result;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            result = await accounts.AuthenticateAsync(header["Bearer ".Length..].Trim(), address, Context.RequestAborted);
        }
        else if (header is not null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            if (!IsPrivateChannel())
            {
                Context.Items[InsecureKey] = true;
                return AuthenticateResult.Fail("Basic authentication needs HTTPS.");
            }

            if (BasicCredentials.Parse(header.AsSpan("Basic ".Length)) is not var (username, secret))
            {
                return AuthenticateResult.Fail("Malformed Basic credentials.");
            }

            result = await basic.AuthenticateAsync(username, secret, address, Context.RequestAborted);
        }
        else
        {
            return AuthenticateResult.NoResult();
        }

        if (!result.IsSuccess)
        {
            ThrottledChallenge.Remember(Context, result.Error);
            return AuthenticateResult.Fail(result.Error.Detail);
        }

        if (result.Value.MustEnrolTwoFactor)
        {
            return AuthenticateResult.Fail("This session must enrol in two-factor sign-in first.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(Principal(result.Value, address), SchemeName));
    }

    /// <summary>401 with a Basic challenge, so file managers prompt; 429 with Retry-After when throttled.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (ThrottledChallenge.TryWrite(Context, out var throttled))
        {
            return throttled;
        }

        // A Basic challenge on a plain connection would invite the client to send the password in clear text.
        Response.StatusCode = Context.Items.ContainsKey(InsecureKey) ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
        if (Response.StatusCode == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = Challenge;
        }

        return Task.CompletedTask;
    }

    private bool IsPrivateChannel() =>
        Request.IsHttps || (Context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip));

    private static CallerPrincipal Principal(Caller caller, string? address) => CallerPrincipal.Create(caller, CallerPrincipal.NewIdentity(
        SchemeName, DepotClaims.Username,
        (DepotClaims.UserId, caller.UserId),
        (DepotClaims.Username, caller.Username),
        (DepotClaims.TokenId, caller.TokenId ?? ""),
        (DepotClaims.Admin, caller.IsAdmin ? "true" : "false")), address);
}

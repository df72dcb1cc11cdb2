using System.Security.Claims;
using Depot.Core.Access;

namespace Depot.Server.Auth;

internal static class CallerExtensions
{
    /// <summary>The core's view of the authenticated user. Only call on endpoints that require authorization.</summary>
    public static Caller ToCaller(this ClaimsPrincipal user) => user is CallerPrincipal { Caller: var caller } ? caller : new(
        user.FindFirstValue(DepotClaims.UserId) ?? throw new InvalidOperationException("Unauthenticated principal"),
        user.FindFirstValue(DepotClaims.Username) ?? "",
        user.HasClaim(DepotClaims.Admin, "true"),
        user.FindFirstValue(DepotClaims.TokenId))
    {
        Address = user.FindFirstValue(DepotClaims.Address),
    };

    /// <summary>
    /// <see cref="ToCaller(ClaimsPrincipal)"/> for a write: with the WebDAV lock tokens the request submits the standard
    /// way, <c>If: (&lt;token&gt;)</c> (RFC 4918 §10.4), for REST and tus as for WebDAV. The core's write transaction
    /// decides whether they lift the locks in the way; a malformed header submits none.
    /// </summary>
    public static Caller ToCaller(this ClaimsPrincipal user, HttpRequest request) =>
        user.ToCaller() with { LockTokens = SubmittedLockTokens.Of(request) };
}

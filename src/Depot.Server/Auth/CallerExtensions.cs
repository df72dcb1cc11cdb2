using System.Security.Claims;
using Depot.Core.Access;

namespace Depot.Server.Auth;

internal static class CallerExtensions
{
    /// <summary>The core's view of the authenticated user. Only call on endpoints that require authorization.</summary>
    public static Caller ToCaller(this ClaimsPrincipal user) => new(
        user.FindFirstValue(DepotClaims.UserId) ?? throw new InvalidOperationException("Unauthenticated principal"),
        user.FindFirstValue(DepotClaims.Username) ?? "",
        user.HasClaim(DepotClaims.Admin, "true"),
        user.FindFirstValue(DepotClaims.TokenId))
    {
        Address = user.FindFirstValue(DepotClaims.Address),
    };
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Depot.Server.Auth;

/// <summary>
/// Adds the request's client address (<see cref="DepotClaims.Address"/>) to the authenticated principal, for
/// <see cref="CallerExtensions.ToCaller(System.Security.Claims.ClaimsPrincipal)"/>. Authentication runs this after every successful scheme, so bearer tokens,
/// cookies and Basic auth all get it. It replaces any address claim already present: a principal restored from a
/// cookie must never carry the address of the request that created it.
/// </summary>
internal sealed class AddressClaimsTransformation(IHttpContextAccessor accessor) : IClaimsTransformation
{
    private const string IdentityType = "depot-address";

    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (accessor.HttpContext?.ClientAddress() is not { } address)
        {
            return Task.FromResult(principal);
        }

        // Depot's handlers stamp the address of this very request themselves (CallerPrincipal).
        if (principal is CallerPrincipal { Caller.Address: var stampedAddress } && stampedAddress == address)
        {
            return Task.FromResult(principal);
        }

        var others = principal.Identities.Where(i => i.AuthenticationType != IdentityType);
        return Task.FromResult(new ClaimsPrincipal([.. others, Stamp(address)]));
    }

    /// <summary>The identity that carries the request's client address.</summary>
    public static ClaimsIdentity Stamp(string address) => CallerPrincipal.NewIdentity(IdentityType, null, (DepotClaims.Address, address));
}

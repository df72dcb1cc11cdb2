using System.Security.Claims;
using Depot.Core.Access;

namespace Depot.Server.Auth;

/// <summary>
/// The principal Depot's own authentication handlers make: the same claims as before, the request's address identity
/// already stamped (<see cref="AddressClaimsTransformation"/> then keeps it as it is), and the <see cref="Caller"/> those
/// claims describe, so <see cref="CallerExtensions.ToCaller(ClaimsPrincipal)"/> reads no claims. A second principal in
/// the transformation and five searches of the claims were a good part of the claims' 9% of the bytes a 4 KiB WebDAV
/// GET allocated (bench/README.md, "Issue 13: the authenticated GET path"). Nothing adds identities or claims to a
/// principal after authentication, so the claims and <see cref="Caller"/> cannot drift apart.
/// </summary>
internal sealed class CallerPrincipal : ClaimsPrincipal
{
    private CallerPrincipal(Caller caller, ClaimsIdentity identity, ClaimsIdentity? address)
        : base(address is null ? [identity] : [identity, address])
    {
        Caller = caller;
    }

    /// <summary>The caller exactly as the claims give it (a missing token id reads as "", as its claim does).</summary>
    public Caller Caller { get; }

    /// <summary>
    /// An identity with these claims made for it. <c>new ClaimsIdentity(claims)</c> copies every claim whose
    /// <see cref="Claim.Subject"/> is not the new identity, so each claim was allocated twice.
    /// </summary>
    public static ClaimsIdentity NewIdentity(string authenticationType, string? nameType, params ReadOnlySpan<(string Type, string Value)> claims)
    {
        var identity = new ClaimsIdentity(authenticationType, nameType, null);
        foreach (var (type, value) in claims)
        {
            identity.AddClaim(new Claim(type, value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity));
        }

        return identity;
    }

    public static CallerPrincipal Create(Caller authenticated, ClaimsIdentity identity, string? address) => new(
        new Caller(authenticated.UserId, authenticated.Username, authenticated.IsAdmin, authenticated.TokenId ?? "") { Address = address },
        identity,
        address is null ? null : AddressClaimsTransformation.Stamp(address));
}

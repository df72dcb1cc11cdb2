namespace Depot.Server.Auth;

/// <summary>Claim types the bearer authentication handler puts on the principal.</summary>
internal static class DepotClaims
{
    public const string UserId = "depot:uid";
    public const string Username = "depot:name";
    public const string TokenId = "depot:tid";
    public const string Admin = "depot:admin";

    /// <summary>The client address of the current request (added by AddressClaimsTransformation), for the audit log.</summary>
    public const string Address = "depot:addr";
    /// <summary>How the token arrived: "bearer" or "cookie". Antiforgery applies to cookies only.</summary>
    public const string Via = "depot:via";
    /// <summary>Present on a session that must enrol in two-factor sign-in before anything else (TwoFactorEnrolmentGate).</summary>
    public const string MustEnrol = "depot:enrol";
}

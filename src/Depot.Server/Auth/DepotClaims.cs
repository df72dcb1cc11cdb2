namespace Depot.Server.Auth;

/// <summary>Claim types the bearer authentication handler puts on the principal.</summary>
internal static class DepotClaims
{
    public const string UserId = "depot:uid";
    public const string Username = "depot:name";
    public const string TokenId = "depot:tid";
    public const string Admin = "depot:admin";

    /// <summary>How the token arrived: "bearer" or "cookie". Antiforgery applies to cookies only.</summary>
    public const string Via = "depot:via";
}

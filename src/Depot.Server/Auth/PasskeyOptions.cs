namespace Depot.Server.Auth;

/// <summary>
/// <c>Depot:Passkeys</c>: the WebAuthn relying party. Unset, each request's own host and scheme are used (fine for one
/// name, e.g. <c>http://localhost:8080</c> or a server reached directly over HTTPS); set them when Depot sits behind a
/// proxy or answers to several names, since a passkey is bound to one relying party id for good.
/// </summary>
internal sealed class PasskeyOptions
{
    public const string Section = "Depot:Passkeys";

    /// <summary>The host name passkeys are bound to (<c>files.example.org</c>); by default the first origin's host.</summary>
    public string? RelyingPartyId { get; set; }

    /// <summary>What authenticators show beside the account name.</summary>
    public string RelyingPartyName { get; set; } = "Depot";

    /// <summary>The exact origins the web app is served from (<c>https://files.example.org</c>); by default <c>https://</c> and the id.</summary>
    public string[] Origins { get; set; } = [];
}

namespace Depot.Server.Auth;

/// <summary>
/// The web app's session cookie. It holds a <c>web</c> token's secret, so the token rules (hashed at rest,
/// revocable, listed under <c>/api/v1/me/tokens</c>) apply unchanged.
/// </summary>
internal static class SessionCookie
{
    // __Host- makes the browser insist on Secure, Path=/ and no Domain, so no sibling host or plain-HTTP page can
    // plant or overwrite it. Browsers treat http://localhost and 127.0.0.1 as secure, so loopback development works.
    public const string Name = "__Host-depot-session";

    /// <summary>The claim value (<see cref="DepotClaims.Via"/>) of a request the cookie authenticated.</summary>
    public const string Via = "cookie";

    public static CookieOptions Options(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,             // script, injected or not, never reads the secret
        Secure = true,
        SameSite = SameSiteMode.Strict, // never sent on a cross-site request: the first line against CSRF
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    public static void Set(HttpResponse response, string secret, DateTimeOffset expires) =>
        response.Cookies.Append(Name, secret, Options(expires));

    public static void Clear(HttpResponse response) => response.Cookies.Delete(Name, Options(null));
}

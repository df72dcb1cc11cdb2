namespace Depot.Server.Auth;

/// <summary>
/// The web app's session cookie. It holds a <c>web</c> token's secret, so the token rules (hashed at rest,
/// revocable, listed under <c>/api/v1/me/tokens</c>) apply unchanged.
/// </summary>
internal static class SessionCookie
{
    // Over HTTPS (directly or through a trusted TLS proxy) the cookie is __Host-: the browser insists on Secure,
    // Path=/ and no Domain, so no sibling host or plain-HTTP page can plant or overwrite it. Plain HTTP is only ever
    // loopback (ListenAddressRule), where Chromium refuses a Secure cookie from http://127.0.0.1; there the cookie is
    // neither Secure nor prefixed, and only the name that matches the request's scheme is ever read.
    public const string SecureName = "__Host-depot-session";
    public const string LoopbackName = "depot-session";

    /// <summary>The claim value (<see cref="DepotClaims.Via"/>) of a request the cookie authenticated.</summary>
    public const string Via = "cookie";

    public static string NameFor(HttpRequest request) => request.IsHttps ? SecureName : LoopbackName;

    public static string? Read(HttpRequest request) => request.Cookies[NameFor(request)];

    public static void Set(HttpResponse response, string secret, DateTimeOffset expires) =>
        response.Cookies.Append(NameFor(response.HttpContext.Request), secret, Options(response.HttpContext.Request, expires));

    public static void Clear(HttpResponse response) =>
        response.Cookies.Delete(NameFor(response.HttpContext.Request), Options(response.HttpContext.Request, null));

    private static CookieOptions Options(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,                 // script, injected or not, never reads the secret
        Secure = request.IsHttps,
        SameSite = SameSiteMode.Strict,  // never sent on a cross-site request: the first line against CSRF
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}

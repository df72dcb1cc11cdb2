using System.Text;
using Depot.Core.Sharing;
using Depot.Protocol.Sharing;

namespace Depot.Server.Api;

/// <summary>
/// A link visitor's credential: the password in <c>X-Link-Password</c> or HTTP Basic (any user name), or the unlock cookie
/// that <c>POST /api/v1/links/unlock</c> set for this one link. The cookie is HttpOnly (script never reads it),
/// SameSite=Strict (no other site can make a request carry it) and scoped to <c>Path=/s/{token}</c>, so it rides only on
/// that link's requests; over HTTPS it is Secure and <c>__Secure-</c>-prefixed, which a plain-HTTP response cannot set.
/// </summary>
internal static class LinkCredentials
{
    public const string CookieName = "depot-link";
    public const string SecureCookieName = "__Secure-depot-link";

    public static LinkCredential Of(HttpRequest request) =>
        new(PasswordOf(request), request.Cookies[SecureCookieName] ?? request.Cookies[CookieName]);

    public static void SetUnlockCookie(HttpContext context, string token, string value, DateTimeOffset expiresAt, TimeProvider clock)
    {
        var secure = context.Request.IsHttps;
        context.Response.Cookies.Append(secure ? SecureCookieName : CookieName, value, new CookieOptions
        {
            Path = "/s/" + token,
            HttpOnly = true,
            Secure = secure,
            SameSite = SameSiteMode.Strict,
            Expires = expiresAt,
            MaxAge = expiresAt - clock.GetUtcNow(),
            IsEssential = true,
        });
    }

    private static string? PasswordOf(HttpRequest request)
    {
        if (request.Headers[LinkModes.PasswordHeader] is [{ } header])
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

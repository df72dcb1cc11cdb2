namespace Depot.Protocol.Auth;

public static class TokenKinds
{
    public const string Session = "session";
    public const string Personal = "personal";

    /// <summary>A web app session: the secret lives only in an HttpOnly cookie (<c>POST /api/v1/auth/session</c>).</summary>
    public const string Web = "web";

    /// <summary>A named secret for one device's WebDAV client (HTTP Basic); never accepted as a bearer token.</summary>
    public const string AppPassword = "app-password";
}

namespace Depot.Protocol.Auth;

public static class TokenKinds
{
    public const string Session = "session";
    public const string Personal = "personal";

    /// <summary>A named secret for one device's WebDAV client (HTTP Basic); never accepted as a bearer token.</summary>
    public const string AppPassword = "app-password";
}

namespace Depot.Protocol.Auth;

public static class TokenKinds
{
    public const string Session = "session";
    public const string Personal = "personal";
}

namespace Depot.Core.Access;

/// <summary>
/// Who is asking: the authenticated principal every core service takes. <c>TokenId</c> is the token that
/// authenticated this request, so "log out" and "which session is current" can find it. <see cref="Address"/> is
/// the client's network address as the adapter saw it (null when unknown), for the audit log.
/// </summary>
public sealed record Caller(string UserId, string Username, bool IsAdmin, string? TokenId = null)
{
    public string? Address { get; init; }
}

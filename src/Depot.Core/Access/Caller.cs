namespace Depot.Core.Access;

/// <summary>
/// Who is asking: the authenticated principal every core service takes. <c>TokenId</c> is the token that
/// authenticated this request, so "log out" and "which session is current" can find it. <see cref="Address"/> is
/// the client's network address as the adapter saw it (null when unknown), for the audit log.
/// <see cref="LockTokens"/> are the WebDAV lock tokens the request submitted (the <c>If</c> header, RFC 4918 §10.4,
/// parsed by the adapter): the core's write transaction lets a write into a locked path through only with the lock's
/// token, whatever the protocol (<c>Locks/WriteLocks</c>).
/// </summary>
public sealed record Caller(string UserId, string Username, bool IsAdmin, string? TokenId = null)
{
    public string? Address { get; init; }

    public IReadOnlyCollection<string> LockTokens { get; init; } = [];

    /// <summary>
    /// Set for a public-link visitor, who acts in the link owner's tree (<see cref="UserId"/> is the owner's) but only as
    /// far as the link reaches: paths are then relative to the link's item, "/" being the item itself.
    /// </summary>
    public LinkScope? Link { get; init; }

    /// <summary>
    /// A sign-in session of an account that an admin requires to use two-factor sign-in and that has not enrolled yet:
    /// the adapters let it enrol, read its account and sign out, nothing else.
    /// </summary>
    public bool MustEnrolTwoFactor { get; init; }
}

namespace Depot.Protocol.Sharing;

/// <summary>
/// A public link as <c>/api/v1/links</c> shows it. <see cref="Mode"/> is <c>read</c> (download) or <c>dropbox</c>
/// (upload only). The token is never shown again after creation (see <see cref="CreatedLinkInfo"/>).
/// </summary>
public sealed record LinkInfo(
    string Id, string NodeId, string Name, string Kind, string? Path, string Mode, bool HasPassword, DateTimeOffset? ExpiresAt,
    long? MaxDownloads, long Downloads, DateTimeOffset CreatedAt);

/// <summary>Answer of <c>POST /api/v1/links</c>: the link, its token and its URL path (<c>/s/{token}</c>), shown this once.</summary>
public sealed record CreatedLinkInfo(LinkInfo Link, string Token, string Url);

/// <summary>Body of <c>POST /api/v1/links</c>. <see cref="Mode"/>: <c>read</c> (default) or <c>dropbox</c>.</summary>
public sealed record CreateLinkRequest(string Path, string? Mode = null, string? Password = null, DateTimeOffset? ExpiresAt = null,
    long? MaxDownloads = null);

/// <summary>
/// Body of <c>PATCH /api/v1/links/{id}</c>: the fields to change. <see cref="Password"/> sets a new password,
/// <see cref="ClearPassword"/> removes it; <see cref="ClearExpiry"/> and <see cref="ClearMaxDownloads"/> remove those limits.
/// </summary>
public sealed record UpdateLinkRequest(string? Password = null, bool ClearPassword = false, DateTimeOffset? ExpiresAt = null,
    bool ClearExpiry = false, long? MaxDownloads = null, bool ClearMaxDownloads = false);

public static class LinkModes
{
    public const string Read = "read";
    public const string DropBox = "dropbox";

    /// <summary>The header that carries a link's password (or use HTTP Basic with any user name); never put it in the URL.</summary>
    public const string PasswordHeader = "X-Link-Password";
}

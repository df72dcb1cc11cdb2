namespace Depot.Core.Storage;

/// <summary>
/// The SHA-1 and MD5 of a blob's content (lower-case hex), taken while it streamed in, for the sync tools that compare
/// them (WebDAV <c>oc:checksums</c>: rclone, ownCloud/Nextcloud clients). Depot's own integrity rests on SHA-256.
/// </summary>
public sealed record ContentChecksums(string Sha1, string Md5);

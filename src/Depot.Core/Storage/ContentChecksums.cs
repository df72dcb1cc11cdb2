namespace Depot.Core.Storage;

/// <summary>
/// The SHA-1 and MD5 of a blob's content (lower-case hex), taken while it streamed in, for the sync tools that compare
/// them (WebDAV <c>oc:checksums</c>: rclone, ownCloud/Nextcloud clients), and its <see cref="Crc32c"/>, which whole-file
/// reads verify (<see cref="Crc32C"/>; null when part of the content arrived before it was kept). Depot's identity of
/// content, and the scrub, rest on SHA-256.
/// </summary>
public sealed record ContentChecksums(string Sha1, string Md5)
{
    public uint? Crc32c { get; init; }
}

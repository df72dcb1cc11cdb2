namespace Depot.Core.Thumbnails;

/// <summary>
/// A thumbnail ready to send: WebP <paramref name="Content"/> of <paramref name="Length"/> bytes, made from the content
/// whose SHA-256 is <paramref name="SourceSha256"/>; <paramref name="Cached"/> when it came from the cache rather than
/// a decode just now.
/// </summary>
public sealed record Thumbnail(string SourceSha256, Stream Content, long Length, bool Cached)
{
    public const string ContentType = "image/webp";
}

namespace Depot.Core.Files;

/// <summary>One row of <c>versions</c>: an immutable state of a file, pointing at an immutable blob.</summary>
public sealed record FileVersion
{
    public string Id { get; init; } = "";
    public string NodeId { get; init; } = "";
    public string BlobId { get; init; } = "";
    public long Size { get; init; }
    public string Sha256 { get; init; } = "";

    /// <summary>SHA-1 and MD5 (hex) of the content; null for versions stored before migration 0014.</summary>
    public string? Sha1 { get; init; }

    public string? Md5 { get; init; }

    /// <summary>CRC-32C of the content, which whole-file reads verify; null before migration 0019: those verify SHA-256.</summary>
    public uint? Crc32c { get; init; }
    public long CreatedAt { get; init; }
    public string? CreatedBy { get; init; }

    /// <summary>When its blob was found damaged (Unix ms; <c>blobs.damaged_at</c>), or null: reads, zips, copies and restores refuse it.</summary>
    public long? DamagedAt { get; init; }

    /// <summary>
    /// The content, when it is kept in the metadata store and a download's lookup read it along
    /// (<see cref="IFileSession.ResolveFromRootAsync"/> with content); else null: read the blob.
    /// </summary>
    public byte[]? InlineContent { get; init; }

    public string ETag => $"\"{Sha256}\"";
}

namespace Depot.Core.Uploads;

/// <summary>
/// A resumable upload as the metadata store holds it (table <c>uploads</c>). <see cref="Offset"/> only ever counts
/// bytes that are durable in the partial file. After the commit the row stays (<see cref="CommittedAt"/> set, no
/// reservation) until it expires, so a client resuming a finished upload learns that it is complete.
/// </summary>
public sealed record UploadRecord
{
    public string Id { get; init; } = "";
    public string UserId { get; init; } = "";

    /// <summary>Whose quota the reservation counts against when not the uploader's: the owner of a shared folder.</summary>
    public string? ChargedUserId { get; init; }
    public string Path { get; init; } = "";
    public long? Length { get; init; }
    public long Offset { get; init; }
    public long ReservedBytes { get; init; }
    public string? Metadata { get; init; }
    public string? ContentType { get; init; }
    public string? Sha256 { get; init; }
    public string? IfMatch { get; init; }
    public string? IfNoneMatch { get; init; }
    public bool CreateParents { get; init; }
    public long CreatedAt { get; init; }
    public long ExpiresAt { get; init; }
    public long? CommittedAt { get; init; }

    /// <summary>
    /// The SHA-256 state (<see cref="ResumableSha256.Save"/>, hex) of exactly the first <see cref="Offset"/> bytes,
    /// recorded with the offset; null before the first byte, and for uploads begun before migration 0011.
    /// </summary>
    public string? Sha256State { get; init; }

    /// <summary>
    /// The SHA-1 and MD5 state (<see cref="ResumableChecksums.Save"/>, hex) of exactly the first <see cref="Offset"/>
    /// bytes, recorded with the offset; null before the first byte, and for uploads that had bytes before migration 0014.
    /// </summary>
    public string? ChecksumsState { get; init; }

    /// <summary>The modified time the client gave (Unix ms), set on the file by the commit; null: the commit's time.</summary>
    public long? ModifiedAt { get; init; }

    /// <summary>The key the client created the upload with (unique per uploader), or null.</summary>
    public string? IdempotencyKey { get; init; }

    public bool IsCommitted => CommittedAt is not null;

    /// <summary>Every byte arrived (and is durable); the commit may still be pending after a crash.</summary>
    public bool IsComplete => Length is { } length && Offset == length;
}

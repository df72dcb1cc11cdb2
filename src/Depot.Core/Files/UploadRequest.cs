namespace Depot.Core.Files;

/// <summary>
/// How to store an upload. <see cref="Length"/> is the declared size (HTTP Content-Length; null when chunked),
/// <see cref="Sha256"/> the lower-case hex digest the client declared, verified before anything is stored.
/// <see cref="ResumableUpload"/> names the finished resumable upload this commit completes: its quota reservation is
/// released in the commit transaction (<see cref="IFileSession.ReleaseReservationAsync"/>), and the commit fails
/// when the upload no longer exists; <see cref="KeepUploadUntil"/> (Unix ms) is how long its record stays.
/// <see cref="ModifiedAt"/> (Unix ms) is the modified time the client kept for the file (<c>X-OC-Mtime</c>, sync
/// tools, <c>depot put</c>); null: the time of the upload. <see cref="Sha1"/> and <see cref="Md5"/> are lower-case hex
/// digests the client declared (WebDAV <c>OC-Checksum</c>), verified like <see cref="Sha256"/> before anything is stored.
/// </summary>
public sealed record UploadRequest(
    long? Length = null,
    string? ContentType = null,
    string? Sha256 = null,
    WritePreconditions? Preconditions = null,
    bool CreateParents = false,
    string? ResumableUpload = null,
    long KeepUploadUntil = 0,
    long? ModifiedAt = null,
    string? Sha1 = null,
    string? Md5 = null);

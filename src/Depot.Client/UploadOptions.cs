namespace Depot.Client;

/// <summary>Optional parts of an upload (<c>PUT /api/v1/files/{path}</c>).</summary>
public sealed record UploadOptions
{
    /// <summary>Stored with the file and served back on download.</summary>
    public string ContentType { get; init; } = "application/octet-stream";

    /// <summary>Replace only this version (an ETag, with quotes); otherwise 412 precondition_failed.</summary>
    public string? IfMatch { get; init; }

    /// <summary>"*" creates only: an existing file answers 412 precondition_failed.</summary>
    public string? IfNoneMatch { get; init; }

    /// <summary>The SHA-256 of the content, sent as Content-Digest; the server stores nothing when it differs.</summary>
    public byte[]? Sha256 { get; init; }

    /// <summary>Create missing parent folders.</summary>
    public bool CreateParents { get; init; }

    /// <summary>
    /// The file's modified time to keep (sent as <c>X-OC-Mtime</c>, whole Unix seconds); null: the server uses the time of
    /// the upload. <c>depot put</c> sends the local file's.
    /// </summary>
    public DateTimeOffset? ModifiedAt { get; init; }

    /// <summary>The header that carries <see cref="ModifiedAt"/>, as ownCloud/Nextcloud clients send it.</summary>
    internal const string MtimeHeader = "X-OC-Mtime";

    internal string? MtimeValue => ModifiedAt?.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}

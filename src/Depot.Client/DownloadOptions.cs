namespace Depot.Client;

/// <summary>Optional parts of a download (<c>GET /api/v1/files/{path}</c>).</summary>
public sealed record DownloadOptions
{
    /// <summary>An older version to read instead of the current one.</summary>
    public string? VersionId { get; init; }

    /// <summary>
    /// Resume: the number of bytes of the file the destination already holds, just before its position. Only the rest
    /// is requested. When the server sends the whole file instead, a seekable destination is rewound and truncated.
    /// </summary>
    public long Offset { get; init; }

    /// <summary>With <see cref="Offset"/>: resume only if the file still has this ETag, else receive it whole.</summary>
    public string? IfRange { get; init; }
}

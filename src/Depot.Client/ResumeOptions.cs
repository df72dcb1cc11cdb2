namespace Depot.Client;

/// <summary>How a resumable (tus) upload starts or continues; see <see cref="FilesClient.UploadResumableAsync"/>.</summary>
public sealed record ResumeOptions
{
    /// <summary>The upload URL of an earlier attempt to continue; null (or an upload the server no longer has) starts anew.</summary>
    public Uri? UploadUrl { get; init; }

    /// <summary>Called once the server created the upload: keep the URL to resume after this process ends.</summary>
    public Action<Uri>? Created { get; init; }

    // 16 MiB: each chunk carries its SHA-256 (Upload-Checksum), so a damaged chunk costs 16 MiB again, not the file;
    // at 16 MiB the per-request overhead is invisible even on fast links.
    public int ChunkBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>For tests: called with the bytes the server confirmed after each chunk, before the next is sent.</summary>
    public Action<long>? ChunkDone { get; init; }
}

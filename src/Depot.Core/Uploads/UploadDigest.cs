using System.Buffers;
using System.Security.Cryptography;
using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// An upload's SHA-256 as its row keeps it: the <see cref="ResumableSha256"/> state covering exactly the recorded
/// offset (column <c>uploads.sha256_state</c>, migration 0011, lower-case hex), written in the statement that records
/// the offset, so the two never disagree.
/// </summary>
internal static class UploadDigest
{
    /// <summary>
    /// The state to continue from, or null when the row has none that covers its offset: an upload begun before
    /// migration 0011 with bytes already recorded. Such an upload is hashed once at completion (<see cref="ReadBackAsync"/>).
    /// </summary>
    public static ResumableSha256? Restore(UploadRecord upload)
    {
        if (upload.Sha256State is not { } saved)
        {
            return upload.Offset == 0 ? new ResumableSha256() : null;
        }

        var bytes = new byte[saved.Length / 2];
        return Convert.FromHexString(saved, bytes, out _, out var written) == OperationStatus.Done && written == bytes.Length
            && ResumableSha256.Restore(bytes) is { } hash && hash.Length == upload.Offset
            ? hash
            : null;
    }

    public static string? Save(ResumableSha256? hash) => hash is null ? null : Convert.ToHexStringLower(hash.Save());

    /// <summary>
    /// The SHA-1/MD5 state to continue from (column <c>uploads.checksums_state</c>, migration 0014), or null when the
    /// row has none that covers its offset: an upload that had bytes before 0014. Its version then has no SHA-1/MD5
    /// (they are omitted, never made up by reading the blob back).
    /// </summary>
    public static ResumableChecksums? RestoreChecksums(UploadRecord upload)
    {
        if (upload.ChecksumsState is not { } saved)
        {
            return upload.Offset == 0 ? new ResumableChecksums() : null;
        }

        var bytes = new byte[saved.Length / 2];
        return Convert.FromHexString(saved, bytes, out _, out var written) == OperationStatus.Done && written == bytes.Length
            && ResumableChecksums.Restore(bytes) is { } hash && hash.Length == upload.Offset
            ? hash
            : null;
    }

    public static string? Save(ResumableChecksums? hash) => hash is null ? null : Convert.ToHexStringLower(hash.Save());

    /// <summary>
    /// The digest of a completed blob read back from the blob store: only for an upload that has no saved state
    /// (see <see cref="Restore"/>). Null when the blob is gone.
    /// </summary>
    public static async Task<string?> ReadBackAsync(IBlobStore blobs, string id, int bufferSize, CancellationToken cancellationToken)
    {
        await using var opened = await blobs.OpenReadAsync(id, 0, null, cancellationToken);
        if (opened is null)
        {
            return null;
        }

        var content = opened.Content;

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        try
        {
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, bufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

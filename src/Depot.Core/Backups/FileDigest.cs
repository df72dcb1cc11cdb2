using System.Security.Cryptography;

namespace Depot.Core.Backups;

/// <summary>The size and SHA-256 of a file, streamed.</summary>
public static class FileDigest
{
    public static async Task<(long Bytes, string Sha256)> OfAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(file, cancellationToken);
        return (file.Length, Convert.ToHexStringLower(hash));
    }
}

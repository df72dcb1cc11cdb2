using System.Security.Cryptography;
using Depot.Protocol;

namespace Depot.Core.Uploads;

/// <summary>The checksum a client declared for one chunk (tus checksum extension): an algorithm and the digest bytes.</summary>
public sealed record ChunkChecksum(string Algorithm, byte[] Digest)
{
    /// <summary>The algorithms Depot verifies, in preference order: tus requires sha1; sha256 is what Depot trusts.</summary>
    public static IReadOnlyList<string> Algorithms { get; } = ["sha1", "sha256"];

    /// <summary>Parses "&lt;algorithm&gt; &lt;base64&gt;"; an unknown algorithm or bad digest is invalid_request (tus: 400).</summary>
    public static Result<ChunkChecksum?> Parse(string? header)
    {
        if (header is null)
        {
            return Result<ChunkChecksum?>.Ok(null);
        }

        var parts = header.Trim().Split(' ', 2, StringSplitOptions.TrimEntries);
        var size = parts[0] switch { "sha1" => 20, "sha256" => 32, _ => 0 };
        if (size == 0)
        {
            return Result<ChunkChecksum?>.Fail(ErrorCodes.InvalidRequest,
                $"Upload-Checksum algorithm '{parts[0]}' is not supported; use one of {string.Join(", ", Algorithms)}.");
        }

        var digest = new byte[size + 3];
        return parts.Length == 2 && Convert.TryFromBase64String(parts[1], digest, out var written) && written == size
            ? new ChunkChecksum(parts[0], digest[..size])
            : Result<ChunkChecksum?>.Fail(ErrorCodes.InvalidRequest, $"Upload-Checksum must be '{parts[0]} <base64 of {size} bytes>'.");
    }

    public IncrementalHash CreateHash() =>
        IncrementalHash.CreateHash(Algorithm == "sha1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256);
}

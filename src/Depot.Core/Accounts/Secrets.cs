using System.Security.Cryptography;
using System.Text;

namespace Depot.Core.Accounts;

/// <summary>Random bearer secrets and the hashes under which the store keeps them.</summary>
public static class Secrets
{
    // 256 bits of randomness; the prefix lets secret scanners recognise a leaked Depot token.
    public static string NewToken() => "dpt_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// SHA-256 hex of a secret. A fast hash is right here (unlike passwords): the secret has 256 bits of entropy,
    /// so the hash cannot be brute-forced, and lookups by hash need no per-row salt.
    /// </summary>
    public static string HashOf(string secret)
    {
        // Computed for every request with a token or app password: on the stack but for the hex result. Secrets are
        // at most a few hundred characters (tokens are checked up to 200); longer ones take the heap.
        var size = Encoding.UTF8.GetMaxByteCount(secret.Length);
        Span<byte> bytes = size <= 1024 ? stackalloc byte[size] : new byte[size];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(secret, bytes)], hash);
        return Convert.ToHexStringLower(hash);
    }

    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(18));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

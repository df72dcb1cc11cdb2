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
    public static string HashOf(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(18));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

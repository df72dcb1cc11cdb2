using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Depot.Core.Accounts;

/// <summary>
/// PBKDF2-HMAC-SHA512 password hashes in a versioned, self-describing format:
/// <c>pbkdf2-sha512$v1$&lt;iterations&gt;$&lt;salt base64&gt;$&lt;hash base64&gt;</c>.
/// The iteration count is stored per hash, so raising it later only needs a re-hash at the next login.
/// </summary>
public static class PasswordHasher
{
    // OWASP Password Storage Cheat Sheet: 210,000 iterations for PBKDF2-HMAC-SHA512.
    public const int Iterations = 210_000;
    private const string Prefix = "pbkdf2-sha512$v1$";
    private const int SaltBytes = 16;
    private const int HashBytes = 64;

    /// <summary>A real hash of a random password: verifying against it costs the same as against a user's.</summary>
    public static readonly string DecoyHash = Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA512, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Constant-time verification. An unknown or malformed format never verifies.</summary>
    public static bool Verify(string password, string stored)
    {
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = stored[Prefix.Length..].Split('$');
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[1]);
            var expected = Convert.FromBase64String(parts[2]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>True when the hash was made with fewer iterations than today's policy.</summary>
    public static bool NeedsRehash(string stored) =>
        !stored.StartsWith(Prefix + Iterations.ToString(CultureInfo.InvariantCulture) + "$", StringComparison.Ordinal);
}

using System.Security.Cryptography;
using System.Text;

namespace Depot.Core.Accounts.TwoFactor;

/// <summary>
/// The ten single-use codes that stand in for the phone when it is lost. Each is 16 characters from 31 that cannot be
/// mistaken for one another when copied from paper (no i, l, o, 0, 1): 79 random bits, shown as four groups
/// (<c>abcd-efgh-jkmn-pqrs</c>); typed in any case, with or without dashes and spaces.
/// </summary>
public static class RecoveryCodes
{
    public const int Count = 10;
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    public static string[] New() => [.. Enumerable.Range(0, Count).Select(_ => NewCode())];

    /// <summary>
    /// SHA-256 of the user id and the normalised code. A fast hash is enough for 79 random bits (as for tokens,
    /// <see cref="Secrets.HashOf"/>); the user id keeps equal codes of two users apart.
    /// </summary>
    public static string HashOf(string userId, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId + ":" + Normalize(code))));

    public static string Normalize(string code) =>
        new([.. code.Where(c => c is not ('-' or ' ')).Select(char.ToLowerInvariant)]);

    private static string NewCode()
    {
        var chars = new char[16];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        var text = new string(chars);
        return $"{text[..4]}-{text[4..8]}-{text[8..12]}-{text[12..]}";
    }
}

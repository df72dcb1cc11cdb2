using System.Security.Cryptography;
using System.Text;

namespace Depot.Core.Storage.Encryption;

/// <summary>
/// The 256-bit key that wraps every blob's data key, and its <see cref="Id"/>: the first 8 bytes of a SHA-256 over it,
/// written beside each wrapped key so an open can say which key a blob needs without trying it. The id reveals nothing
/// usable about the key (a hash preimage of 256 random bits).
/// </summary>
public sealed class MasterKey
{
    public const int Size = 32;
    public const int IdSize = 8;

    private static readonly byte[] IdLabel = Encoding.ASCII.GetBytes("depot blob key id v1\0");

    private MasterKey(byte[] key)
    {
        Key = key;
        IdBytes = SHA256.HashData([.. IdLabel, .. key])[..IdSize];
    }

    internal byte[] Key { get; }

    internal byte[] IdBytes { get; }

    /// <summary>The key's id in hex, as logs and messages show it.</summary>
    public string Id => Convert.ToHexStringLower(IdBytes);

    public static MasterKey Generate() => new(RandomNumberGenerator.GetBytes(Size));

    /// <summary>The key of these 32 bytes.</summary>
    public static MasterKey FromBytes(ReadOnlySpan<byte> key) =>
        key.Length == Size ? new(key.ToArray()) : throw new ArgumentException($"A key has {Size} bytes.", nameof(key));

    /// <summary>The key as a key file holds it: base64 on one line (what <c>openssl rand -base64 32</c> prints).</summary>
    public string ToBase64() => Convert.ToBase64String(Key);

    /// <summary>
    /// Reads a key: base64 text of 32 bytes (surrounding white space ignored), or exactly 32 raw bytes. Null with a reason
    /// when it is neither. Raw bytes that are all printable text are refused: that is a typed passphrase, not a key (32
    /// random bytes are all printable once in about 10^17).
    /// </summary>
    public static MasterKey? Parse(ReadOnlySpan<byte> content, out string? problem)
    {
        var text = Encoding.ASCII.GetString(content).Trim();
        var decoded = new byte[Size + 2];
        if (Convert.TryFromBase64String(text, decoded, out var written) && written == Size)
        {
            problem = null;
            return new MasterKey(decoded[..Size]);
        }

        if (content.Length == Size && content.ContainsAnyExceptInRange((byte)0x20, (byte)0x7e))
        {
            problem = null;
            return new MasterKey(content.ToArray());
        }

        problem = $"it must hold {Size} bytes, base64-encoded (openssl rand -base64 {Size}) or raw";
        return null;
    }
}

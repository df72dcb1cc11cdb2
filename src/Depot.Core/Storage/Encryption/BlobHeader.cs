using System.Security.Cryptography;

namespace Depot.Core.Storage.Encryption;

/// <summary>
/// The first <see cref="Size"/> bytes of an encrypted blob:
/// <code>
///   0  magic "DEPOTENC"          8  version (1)        9  reserved (7 zero bytes)
///  16  nonce prefix (8 random bytes: chunk i's nonce is this prefix and i, big-endian, 4 bytes)
///  24  key slot 1, 92  key slot 2: each the master key's id (8), a random nonce (12), the wrapped data key (32), its tag (16)
/// </code>
/// Bytes 0–23 are the blob's identity: every chunk's and every slot's associated data starts with them. The data key is
/// random per blob, so a chunk moved from another blob never authenticates; a slot is all zeros when empty. Two slots
/// let rotation add the new key's wrap before it removes the old one, touching one slot per write
/// (<see cref="KeyRotator"/>), so a crash at any moment leaves a slot that opens.
/// </summary>
internal sealed class BlobHeader
{
    public const int Size = SlotOffset + (2 * SlotSize);
    public const int IdentitySize = 24;
    public const int SlotSize = MasterKey.IdSize + NonceSize + DataKeySize + ChunkLayout.TagSize;
    private const int SlotOffset = IdentitySize;
    private const int NonceSize = 12;
    private const int DataKeySize = 32;
    private const byte Version = 1;
    private static readonly byte[] Magic = "DEPOTENC"u8.ToArray();

    private BlobHeader(byte[] identity, byte[] dataKey)
    {
        Identity = identity;
        DataKey = dataKey;
    }

    /// <summary>Magic, version and nonce prefix: what every chunk's associated data begins with.</summary>
    public byte[] Identity { get; }

    public byte[] DataKey { get; }

    public ReadOnlySpan<byte> NoncePrefix => Identity.AsSpan(16, 8);

    /// <summary>A new blob's header: a fresh data key and nonce prefix, the key wrapped by <paramref name="key"/> in slot 1.</summary>
    public static (BlobHeader Header, byte[] Bytes) Create(MasterKey key)
    {
        var identity = new byte[IdentitySize];
        Magic.CopyTo(identity, 0);
        identity[VersionOffset] = Version;
        RandomNumberGenerator.Fill(identity.AsSpan(16, 8));
        var header = new BlobHeader(identity, RandomNumberGenerator.GetBytes(DataKeySize));
        var bytes = new byte[Size];
        identity.CopyTo(bytes, 0);
        header.Wrap(key).CopyTo(bytes, SlotOffset);
        return (header, bytes);
    }

    /// <summary>Where slot <paramref name="slot"/> (0 or 1) lies in the header.</summary>
    public static int OffsetOf(int slot) => SlotOffset + (slot * SlotSize);

    /// <summary>Where the version byte lies: a blob that ends at or before it cannot be told from a header cut short.</summary>
    public const int VersionOffset = 8;

    /// <summary>Whether the first bytes of a blob, fewer than a header, agree with a header's magic and version.</summary>
    public static bool StartsLikeEncrypted(ReadOnlySpan<byte> bytes) =>
        bytes.Length > VersionOffset && bytes[..Magic.Length].SequenceEqual(Magic) && bytes[VersionOffset] == Version;

    /// <summary>Whether <paramref name="bytes"/> start like an encrypted blob of a version this server reads.</summary>
    public static bool LooksEncrypted(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= Size && StartsLikeEncrypted(bytes);

    /// <summary>The key ids in the two slots (null for an empty slot).</summary>
    public static string?[] KeyIds(ReadOnlySpan<byte> bytes)
    {
        var ids = new string?[2];
        for (var slot = 0; slot < 2; slot++)
        {
            var id = bytes.Slice(OffsetOf(slot), MasterKey.IdSize);
            ids[slot] = id.ContainsAnyExcept((byte)0) ? Convert.ToHexStringLower(id) : null;
        }

        return ids;
    }

    /// <summary>
    /// Opens a header with whichever of <paramref name="keys"/> a slot names; null when none names one of them or the slot
    /// does not authenticate (a damaged header, or a key that has the right id by chance alone).
    /// </summary>
    public static BlobHeader? Open(ReadOnlySpan<byte> bytes, IReadOnlyList<MasterKey> keys)
    {
        if (!LooksEncrypted(bytes))
        {
            return null;
        }

        var identity = bytes[..IdentitySize].ToArray();
        for (var slot = 0; slot < 2; slot++)
        {
            var entry = bytes.Slice(OffsetOf(slot), SlotSize);
            foreach (var key in keys)
            {
                if (entry[..MasterKey.IdSize].SequenceEqual(key.IdBytes) && Unwrap(identity, entry, key) is { } dataKey)
                {
                    return new BlobHeader(identity, dataKey);
                }
            }
        }

        return null;
    }

    /// <summary>This blob's data key wrapped by <paramref name="key"/>: the bytes of one slot.</summary>
    public byte[] Wrap(MasterKey key)
    {
        var slot = new byte[SlotSize];
        key.IdBytes.CopyTo(slot, 0);
        var nonce = slot.AsSpan(MasterKey.IdSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(key.Key, ChunkLayout.TagSize);
        gcm.Encrypt(nonce, DataKey, slot.AsSpan(MasterKey.IdSize + NonceSize, DataKeySize),
            slot.AsSpan(MasterKey.IdSize + NonceSize + DataKeySize, ChunkLayout.TagSize), SlotData(Identity, key.IdBytes));
        return slot;
    }

    private static byte[]? Unwrap(byte[] identity, ReadOnlySpan<byte> slot, MasterKey key)
    {
        var dataKey = new byte[DataKeySize];
        using var gcm = new AesGcm(key.Key, ChunkLayout.TagSize);
        try
        {
            gcm.Decrypt(slot.Slice(MasterKey.IdSize, NonceSize), slot.Slice(MasterKey.IdSize + NonceSize, DataKeySize),
                slot.Slice(MasterKey.IdSize + NonceSize + DataKeySize, ChunkLayout.TagSize), dataKey, SlotData(identity, key.IdBytes));
            return dataKey;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    // A slot is bound to its blob (the identity) and to the key id beside it.
    private static byte[] SlotData(byte[] identity, byte[] keyId) => [.. identity, .. keyId];
}

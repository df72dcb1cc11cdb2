using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Depot.Core.Storage.Encryption;

/// <summary>
/// AES-256-GCM over one blob's chunks. Chunk i's nonce is the blob's random prefix and i; its associated data is the
/// blob's identity, i and whether it is the last chunk. So a chunk authenticates only at its own place in its own blob:
/// reordered chunks fail, chunks of another blob fail (another data key), and a blob cut after a whole chunk fails (that
/// chunk was not sealed as the last). Nonces never repeat: the data key is new for every blob and i counts up.
/// </summary>
internal sealed class ChunkCipher(BlobHeader header) : IDisposable
{
    private readonly AesGcm _gcm = new(header.DataKey, ChunkLayout.TagSize);
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _associated = new byte[BlobHeader.IdentitySize + 9];

    /// <summary>Seals <paramref name="plaintext"/> as chunk <paramref name="index"/> into <paramref name="stored"/> (its length plus the tag).</summary>
    public void Seal(long index, bool last, ReadOnlySpan<byte> plaintext, Span<byte> stored)
    {
        Prepare(index, last);
        _gcm.Encrypt(_nonce, plaintext, stored[..plaintext.Length], stored.Slice(plaintext.Length, ChunkLayout.TagSize), _associated);
    }

    /// <summary>Opens chunk <paramref name="index"/>; false when it does not authenticate.</summary>
    public bool TryOpen(long index, bool last, ReadOnlySpan<byte> stored, Span<byte> plaintext)
    {
        Prepare(index, last);
        var length = stored.Length - ChunkLayout.TagSize;
        try
        {
            _gcm.Decrypt(_nonce, stored[..length], stored[length..], plaintext[..length], _associated);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    public void Dispose() => _gcm.Dispose();

    private void Prepare(long index, bool last)
    {
        // 2^32 chunks of 64 KiB is 256 TiB: far past any upload limit, so the index fits the nonce's four bytes.
        header.NoncePrefix.CopyTo(_nonce);
        BinaryPrimitives.WriteUInt32BigEndian(_nonce.AsSpan(8), checked((uint)index));
        header.Identity.CopyTo(_associated, 0);
        BinaryPrimitives.WriteInt64BigEndian(_associated.AsSpan(BlobHeader.IdentitySize), index);
        _associated[^1] = last ? (byte)1 : (byte)0;
    }
}

using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Depot.Core.Uploads;

/// <summary>
/// SHA-256 (FIPS 180-4) whose state can be saved and restored, so an upload's hash is computed once while its bytes
/// stream in, across requests, restarts and nodes, and never by reading the data back. .NET's
/// <see cref="System.Security.Cryptography.IncrementalHash"/> cannot export its state, and neither can
/// BouncyCastle.Cryptography's <c>Sha256Digest</c> (2.7.0 has only an in-memory <c>Copy</c>), so this is our own:
/// the state is the eight chaining words, the byte count and the fewer than 64 bytes not yet compressed.
/// Managed code without SHA-NI: slower than the native hash (docs/architecture.md, "Uploads", has the figures).
/// </summary>
public sealed class ResumableSha256
{
    private const int Block = 64;

    /// <summary>For tests: hash with the managed rounds only, so both paths are checked against the platform SHA-256.</summary>
    internal bool ManagedOnly { get; set; }

    // A saved state: 1 version byte, 8 big-endian words, the 8-byte big-endian byte count, then the buffered tail.
    private const byte Version = 1;
    private const int HeaderSize = 1 + 32 + 8;

    private static readonly uint[] K =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private readonly uint[] _h = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    private readonly byte[] _buffer = new byte[Block];
    private int _buffered;

    /// <summary>Bytes hashed so far.</summary>
    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> data)
    {
        Length += data.Length;
        if (_buffered > 0)
        {
            var take = Math.Min(Block - _buffered, data.Length);
            data[..take].CopyTo(_buffer.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered < Block)
            {
                return;
            }

            Compress(_h, _buffer);
            _buffered = 0;
        }

        var whole = data.Length - data.Length % Block;
        if (whole > 0 && (ManagedOnly || !OpenSslSha256.TryCompress(_h, data[..whole])))
        {
            Compress(_h, data[..whole]);
        }

        data[whole..].CopyTo(_buffer);
        _buffered = data.Length - whole;
    }

    /// <summary>The digest of everything appended; the state itself is left as it was.</summary>
    public byte[] Finish()
    {
        var h = (uint[])_h.Clone();
        Span<byte> tail = stackalloc byte[2 * Block];
        _buffer.AsSpan(0, _buffered).CopyTo(tail);
        tail[_buffered] = 0x80;
        var size = _buffered < Block - 8 ? Block : 2 * Block;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(size - 8)..], (ulong)Length * 8);
        Compress(h, tail[..size]);
        var digest = new byte[32];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(i * 4), h[i]);
        }

        return digest;
    }

    public ResumableSha256 Clone()
    {
        var copy = new ResumableSha256 { Length = Length, _buffered = _buffered, ManagedOnly = ManagedOnly };
        _h.CopyTo(copy._h, 0);
        _buffer.CopyTo(copy._buffer, 0);
        return copy;
    }

    /// <summary>The state as bytes (at most 104), to be stored with the offset it covers.</summary>
    public byte[] Save()
    {
        var state = new byte[HeaderSize + _buffered];
        state[0] = Version;
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(state.AsSpan(1 + i * 4), _h[i]);
        }

        BinaryPrimitives.WriteInt64BigEndian(state.AsSpan(33), Length);
        _buffer.AsSpan(0, _buffered).CopyTo(state.AsSpan(HeaderSize));
        return state;
    }

    /// <summary>A state <see cref="Save"/> made; null when <paramref name="state"/> is not one (other version, torn, inconsistent).</summary>
    public static ResumableSha256? Restore(ReadOnlySpan<byte> state)
    {
        if (state.Length < HeaderSize || state.Length >= HeaderSize + Block || state[0] != Version)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt64BigEndian(state[33..]);
        var buffered = state.Length - HeaderSize;
        if (length < 0 || length % Block != buffered)
        {
            return null;
        }

        var restored = new ResumableSha256 { Length = length, _buffered = buffered };
        for (var i = 0; i < 8; i++)
        {
            restored._h[i] = BinaryPrimitives.ReadUInt32BigEndian(state[(1 + i * 4)..]);
        }

        state[HeaderSize..].CopyTo(restored._buffer);
        return restored;
    }

    /// <summary>Compresses whole 64-byte blocks into <paramref name="h"/> (managed; <see cref="OpenSslSha256"/> is preferred for bulk).</summary>
    // References instead of indexers: the bounds checks cost half the speed (measured, see the class comment).
    [SkipLocalsInit]
    private static void Compress(uint[] h, ReadOnlySpan<byte> blocks)
    {
        Span<uint> schedule = stackalloc uint[64];
        ref var w = ref MemoryMarshal.GetReference(schedule);
        ref var k = ref MemoryMarshal.GetArrayDataReference(K);
        ref var source = ref MemoryMarshal.GetReference(blocks);
        uint h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5], h6 = h[6], h7 = h[7];
        for (var offset = 0; offset < blocks.Length; offset += Block)
        {
            ref var block = ref Unsafe.Add(ref source, offset);
            for (var t = 0; t < 16; t++)
            {
                Unsafe.Add(ref w, t) = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, t * 4)));
            }

            for (var t = 16; t < 64; t++)
            {
                uint w15 = Unsafe.Add(ref w, t - 15), w2 = Unsafe.Add(ref w, t - 2);
                var s0 = BitOperations.RotateRight(w15, 7) ^ BitOperations.RotateRight(w15, 18) ^ (w15 >> 3);
                var s1 = BitOperations.RotateRight(w2, 17) ^ BitOperations.RotateRight(w2, 19) ^ (w2 >> 10);
                Unsafe.Add(ref w, t) = Unsafe.Add(ref w, t - 16) + s0 + Unsafe.Add(ref w, t - 7) + s1;
            }

            uint a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, hh = h7;
            for (var t = 0; t < 64; t++)
            {
                var t1 = hh + (BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25))
                    + ((e & f) ^ (~e & g)) + Unsafe.Add(ref k, t) + Unsafe.Add(ref w, t);
                var t2 = (BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22))
                    + ((a & b) ^ (c & (a ^ b)));
                hh = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            h0 += a; h1 += b; h2 += c; h3 += d; h4 += e; h5 += f; h6 += g; h7 += hh;
        }

        (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]) = (h0, h1, h2, h3, h4, h5, h6, h7);
    }
}

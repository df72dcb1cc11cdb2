using System.Buffers.Binary;
using System.Numerics;

namespace Depot.Core.Uploads;

/// <summary>SHA-1 (FIPS 180-4) with a savable state (<see cref="ResumableBlockHash"/>): a checksum sync tools compare, not a security measure.</summary>
public sealed class ResumableSha1() : ResumableBlockHash([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0])
{
    private protected override bool BigEndian => true;

    private protected override int DigestWords => 5;

    public ResumableSha1 Clone()
    {
        var copy = new ResumableSha1();
        CopyStateTo(copy);
        return copy;
    }

    private protected override bool TryCompressNative(uint[] h, ReadOnlySpan<byte> blocks) => OpenSslBlocks.TrySha1(h, blocks);

    private protected override void Compress(uint[] h, ReadOnlySpan<byte> blocks)
    {
        Span<uint> w = stackalloc uint[80];
        uint h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4];
        for (var offset = 0; offset < blocks.Length; offset += 64)
        {
            var block = blocks.Slice(offset, 64);
            for (var t = 0; t < 16; t++)
            {
                w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
            }

            for (var t = 16; t < 80; t++)
            {
                w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
            }

            uint a = h0, b = h1, c = h2, d = h3, e = h4;
            for (var t = 0; t < 80; t++)
            {
                var (f, k) = t switch
                {
                    < 20 => ((b & c) | (~b & d), 0x5a827999u),
                    < 40 => (b ^ c ^ d, 0x6ed9eba1u),
                    < 60 => ((b & c) | (b & d) | (c & d), 0x8f1bbcdcu),
                    _ => (b ^ c ^ d, 0xca62c1d6u),
                };
                var temp = BitOperations.RotateLeft(a, 5) + f + e + k + w[t];
                e = d;
                d = c;
                c = BitOperations.RotateLeft(b, 30);
                b = a;
                a = temp;
            }

            h0 += a; h1 += b; h2 += c; h3 += d; h4 += e;
        }

        (h[0], h[1], h[2], h[3], h[4]) = (h0, h1, h2, h3, h4);
    }
}

using System.Buffers.Binary;
using System.Numerics;

namespace Depot.Core.Uploads;

/// <summary>MD5 (RFC 1321) with a savable state (<see cref="ResumableBlockHash"/>): a checksum sync tools compare, not a security measure.</summary>
public sealed class ResumableMd5() : ResumableBlockHash([0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476])
{
    private static readonly int[] Shifts =
    [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ];

    // RFC 1321 §3.4: K[i] = floor(2^32 · |sin(i + 1)|); doubles give every one of them exactly (the tests compare
    // against the platform's MD5).
    private static readonly uint[] K = [.. Enumerable.Range(0, 64).Select(i => (uint)Math.Floor(Math.Abs(Math.Sin(i + 1)) * 4294967296.0))];

    private protected override bool BigEndian => false;

    private protected override int DigestWords => 4;

    public ResumableMd5 Clone()
    {
        var copy = new ResumableMd5();
        CopyStateTo(copy);
        return copy;
    }

    private protected override bool TryCompressNative(uint[] h, ReadOnlySpan<byte> blocks) => OpenSslBlocks.TryMd5(h, blocks);

    private protected override void Compress(uint[] h, ReadOnlySpan<byte> blocks)
    {
        Span<uint> m = stackalloc uint[16];
        uint h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3];
        for (var offset = 0; offset < blocks.Length; offset += 64)
        {
            var block = blocks.Slice(offset, 64);
            for (var t = 0; t < 16; t++)
            {
                m[t] = BinaryPrimitives.ReadUInt32LittleEndian(block[(t * 4)..]);
            }

            uint a = h0, b = h1, c = h2, d = h3;
            for (var i = 0; i < 64; i++)
            {
                var (f, g) = i switch
                {
                    < 16 => ((b & c) | (~b & d), i),
                    < 32 => ((d & b) | (~d & c), (5 * i + 1) % 16),
                    < 48 => (b ^ c ^ d, (3 * i + 5) % 16),
                    _ => (c ^ (b | ~d), 7 * i % 16),
                };
                f += a + K[i] + m[g];
                a = d;
                d = c;
                c = b;
                b += BitOperations.RotateLeft(f, Shifts[i]);
            }

            h0 += a; h1 += b; h2 += c; h3 += d;
        }

        (h[0], h[1], h[2], h[3]) = (h0, h1, h2, h3);
    }
}

using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Depot.System.Tests.Crash;

/// <summary>
/// File content that is a pure function of (seed, size), so a test can re-create, re-upload and re-hash any
/// content it ever attempted without keeping it. xorshift64* rather than <see cref="Random"/>: fast for MiBs
/// and guaranteed stable across runtime versions.
/// </summary>
internal sealed class ContentSpec(ulong seed, int size)
{
    public ulong Seed { get; } = seed;

    public int Size { get; } = size;

    private string? _sha256;

    /// <summary>Lower-case hex SHA-256 of the content, as NodeInfo.Sha256 and the ETag carry it.</summary>
    public string Sha256 => _sha256 ??= Convert.ToHexStringLower(SHA256.HashData(Bytes()));

    /// <summary>The bytes, remembering their hash (so <see cref="Sha256"/> never generates them twice).</summary>
    public byte[] Materialize()
    {
        var bytes = Bytes();
        _sha256 ??= Convert.ToHexStringLower(SHA256.HashData(bytes));
        return bytes;
    }

    public byte[] Bytes()
    {
        var bytes = new byte[Size];
        var state = Seeds.Mix((long)Seed);
        state = state == 0 ? 1 : state; // xorshift must not start at zero
        var words = bytes.Length / 8;
        for (var i = 0; i < words; i++)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), state * 0x2545F4914F6CDD1DUL);
        }

        for (var i = words * 8; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(state >> (8 * (i % 8)));
        }

        return bytes;
    }

    public override string ToString() => $"{Size} B seed {Seed:x16} sha256 {Sha256[..12]}…";
}

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Depot.Core.Storage;

/// <summary>
/// CRC-32C (Castagnoli, RFC 3720 §B.4: reflected polynomial 0x82F63B78, initial and final value 0xFFFFFFFF), the
/// checksum whole-file reads verify (<see cref="VerifyingReadStream"/>), as Ceph's BlueStore and S3 verify theirs: the
/// processor computes it eight bytes per instruction, several times faster than SHA-256, which capped a download's
/// rate at what one core hashes. Hand-written because a resumable upload must carry the running value from one request
/// to the next: <see cref="Append"/> continues from any value it returned, and System.IO.Hashing cannot be resumed.
/// </summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32C of the bytes that gave <paramref name="crc"/> (0 for none) followed by <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => ~Update(~crc, data);

    /// <summary>As <see cref="Append"/> without the processor's instructions, for tests that compare the two.</summary>
    internal static uint AppendPortable(uint crc, ReadOnlySpan<byte> data) => ~UpdatePortable(~crc, data);

    private static uint Update(uint register, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        var tail = data[(words.Length * sizeof(ulong))..];
        if (Sse42.X64.IsSupported)
        {
            foreach (var word in words)
            {
                register = (uint)Sse42.X64.Crc32(register, word);
            }

            foreach (var b in tail)
            {
                register = Sse42.Crc32(register, b);
            }

            return register;
        }

        if (Crc32.Arm64.IsSupported)
        {
            foreach (var word in words)
            {
                register = Crc32.Arm64.ComputeCrc32C(register, word);
            }

            foreach (var b in tail)
            {
                register = Crc32.ComputeCrc32C(register, b);
            }

            return register;
        }

        return UpdatePortable(register, data);
    }

    private static uint UpdatePortable(uint register, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            register = Table[(byte)(register ^ b)] ^ (register >> 8);
        }

        return register;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            }

            table[i] = entry;
        }

        return table;
    }
}

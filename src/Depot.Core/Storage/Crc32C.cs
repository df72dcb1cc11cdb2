using System.Runtime.CompilerServices;
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
/// On x64 long inputs run in three interleaved lanes (<see cref="UpdateThreeLanes"/>): the instruction takes three
/// cycles to give its result but can start one every cycle, so one dependent chain uses a third of the unit.
/// </summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78;

    // One lane's share of a stripe: 8 KiB, then 1 KiB for what is left. Long enough that joining the lanes (eight table
    // lookups) is noise; two sizes so that a 64 KiB read (the framework's download copy) runs 63 KiB of it in lanes,
    // where 8 KiB alone left a quarter of it to one chain.
    private const int LaneBytes = 8 * 1024;
    private const int ShortLaneBytes = 1024;
    private static readonly uint[] Table = BuildTable();
    private static readonly uint[] Shift = BuildShiftTable(LaneBytes);
    private static readonly uint[] ShortShift = BuildShiftTable(ShortLaneBytes);

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
            if (data.Length >= 3 * ShortLaneBytes)
            {
                register = UpdateThreeLanes(register, ref data, LaneBytes, Shift);
                register = UpdateThreeLanes(register, ref data, ShortLaneBytes, ShortShift);
                words = MemoryMarshal.Cast<byte, ulong>(data);
                tail = data[(words.Length * sizeof(ulong))..];
            }

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

    /// <summary>
    /// Consumes whole stripes of 3 × <paramref name="laneBytes"/> from <paramref name="data"/> (leaving the rest in it)
    /// and returns the register after them. The register update is linear: U(r, A‖B‖C) = S(S(U(r, A)) ⊕ U(0, B)) ⊕
    /// U(0, C), where S(x) = U(x, <paramref name="laneBytes"/> zero bytes) (<paramref name="shift"/>), so the three lanes
    /// run independently and are joined at the end of each stripe.
    /// </summary>
    private static uint UpdateThreeLanes(uint register, ref ReadOnlySpan<byte> data, int laneBytes, uint[] shift)
    {
        var wordsPerLane = laneBytes / sizeof(ulong);
        while (data.Length >= 3 * laneBytes)
        {
            ref var start = ref MemoryMarshal.GetReference(data);
            ulong a = register, b = 0, c = 0;
            for (var i = 0; i < wordsPerLane; i++)
            {
                var offset = i * sizeof(ulong);
                a = Sse42.X64.Crc32(a, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset)));
                b = Sse42.X64.Crc32(b, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, laneBytes + offset)));
                c = Sse42.X64.Crc32(c, Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, (2 * laneBytes) + offset)));
            }

            register = ShiftBy(shift, ShiftBy(shift, (uint)a) ^ (uint)b) ^ (uint)c;
            data = data[(3 * laneBytes)..];
        }

        return register;
    }

    // S(x): the register after a lane's length of zero bytes from x, linear in x, so four byte-wise lookups add up to it.
    private static uint ShiftBy(uint[] shift, uint x) =>
        shift[(byte)x] ^ shift[256 + (byte)(x >> 8)] ^ shift[512 + (byte)(x >> 16)] ^ shift[768 + (x >> 24)];

    private static uint[] BuildShiftTable(int laneBytes)
    {
        var zeros = new byte[laneBytes];
        var columns = new uint[32];
        for (var bit = 0; bit < 32; bit++)
        {
            columns[bit] = UpdatePortable(1u << bit, zeros);
        }

        var shift = new uint[4 * 256];
        for (var part = 0; part < 4; part++)
        {
            for (var value = 0; value < 256; value++)
            {
                var sum = 0u;
                for (var bit = 0; bit < 8; bit++)
                {
                    if ((value & (1 << bit)) != 0)
                    {
                        sum ^= columns[(8 * part) + bit];
                    }
                }

                shift[(256 * part) + value] = sum;
            }
        }

        return shift;
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

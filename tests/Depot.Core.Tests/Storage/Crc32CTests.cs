using System.Text;
using Depot.Core.Storage;

namespace Depot.Core.Tests.Storage;

public sealed class Crc32CTests
{
    public static TheoryData<byte[], uint> Vectors => new()
    {
        // RFC 3720 §B.4 (iSCSI), the check value of the CRC catalogue ("123456789"), and nothing at all.
        { new byte[32], 0x8A9136AA },
        { Enumerable.Repeat((byte)0xFF, 32).ToArray(), 0x62A8AB43 },
        { Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), 0x46DD794E },
        { Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(), 0x113FDB5C },
        { Encoding.ASCII.GetBytes("123456789"), 0xE3069283 },
        { [], 0 },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Published_vectors_give_their_check_values_on_both_paths(byte[] data, uint expected)
    {
        Assert.Equal(expected, Crc32C.Append(0, data));
        Assert.Equal(expected, Crc32C.AppendPortable(0, data));
    }

    [Fact]
    public void Appending_in_pieces_at_any_split_equals_one_append_and_the_portable_path()
    {
        var random = new Random(32);
        for (var round = 0; round < 200; round++)
        {
            var data = new byte[random.Next(0, 5_000)];
            random.NextBytes(data);
            var whole = Crc32C.AppendPortable(0, data);
            var crc = 0u;
            for (var at = 0; at < data.Length;)
            {
                var take = Math.Min(data.Length - at, random.Next(0, 700));
                crc = Crc32C.Append(crc, data.AsSpan(at, take));
                at += take;
            }

            Assert.Equal(whole, crc);
            Assert.Equal(whole, Crc32C.Append(0, data));
        }
    }

    [Fact]
    public void Long_inputs_that_run_in_lanes_match_the_portable_path_at_any_length_and_start()
    {
        // Lanes take stripes of 3 × 8 KiB, then of 3 × 1 KiB: below, at and around one and several of each, from
        // unaligned starts, and continued from a running value.
        var random = new Random(13);
        var data = new byte[200_000];
        random.NextBytes(data);
        int[] lengths = [3_071, 3_072, 3_073, 6_151, 24_575, 24_576, 24_577, 27_648, 49_152, 49_159, 65_536, 131_071, 199_990];
        foreach (var length in lengths)
        {
            foreach (var start in new[] { 0, 1, 7, 8 })
            {
                var span = data.AsSpan(start, Math.Min(length, data.Length - start));
                Assert.Equal(Crc32C.AppendPortable(0, span), Crc32C.Append(0, span));
                Assert.Equal(Crc32C.AppendPortable(0xDEADBEEF, span), Crc32C.Append(0xDEADBEEF, span));
            }
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using Depot.Core.Storage;
using Depot.Core.Uploads;

namespace Depot.Core.Tests.Uploads;

#pragma warning disable CA5350, CA5351 // the platform's SHA-1 and MD5 are the reference here
public sealed class ResumableChecksumsTests
{
    // RFC 1321 §A.5 and FIPS 180-4 (SHA-1) examples.
    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d", "900150983cd24fb0d6963f7d28e17f72")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1", "8215ef0796a20bcaaae116d3876c664a")]
    [InlineData("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
        "50abf5706a150990a08b2c5ea40fa0e585554732", "57edf4a22be3c955ac49da2e2107b67a")]
    public void Published_vectors_hash_to_their_digests(string message, string sha1, string md5)
    {
        foreach (var managedOnly in new[] { false, true })
        {
            var hash = new ResumableChecksums { ManagedOnly = managedOnly };
            hash.Append(Encoding.ASCII.GetBytes(message));
            var sums = hash.Finish();
            Assert.Equal((sha1, md5), (sums.Sha1, sums.Md5));
            Assert.Equal(Crc32C.Append(0, Encoding.ASCII.GetBytes(message)), sums.Crc32c);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_data_split_at_random_points_and_resumed_from_saved_state_matches_the_platform_hashes(bool managedOnly)
    {
        var random = new Random(14);
        for (var round = 0; round < 40; round++)
        {
            var data = new byte[random.Next(0, 20_000)];
            random.NextBytes(data);
            var hash = new ResumableChecksums { ManagedOnly = managedOnly };
            var at = 0;
            while (at < data.Length)
            {
                var take = Math.Min(data.Length - at, random.Next(0, 3) == 0 ? random.Next(0, 130) : random.Next(0, 9000));
                hash.Append(data.AsSpan(at, take));
                at += take;
                // Saved and restored (hex, as the row keeps it) between every two appends: as a resume on another node.
                hash = ResumableChecksums.Restore(Convert.FromHexString(Convert.ToHexStringLower(hash.Save())))!;
                hash.ManagedOnly = managedOnly;
                Assert.Equal(at, hash.Length);
            }

            var sums = hash.Finish();
            Assert.Equal(Convert.ToHexStringLower(SHA1.HashData(data)), sums.Sha1);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(data)), sums.Md5);
            Assert.Equal(Crc32C.AppendPortable(0, data), sums.Crc32c);
        }
    }

    [Fact]
    public void A_torn_or_foreign_state_is_refused()
    {
        var hash = new ResumableChecksums();
        hash.Append(new byte[100]);
        var saved = hash.Save();
        Assert.NotNull(ResumableChecksums.Restore(saved));
        Assert.Null(ResumableChecksums.Restore(saved.AsSpan(0, saved.Length - 1)));
        Assert.Null(ResumableChecksums.Restore([.. saved, 0]));
        Assert.Null(ResumableChecksums.Restore([3, .. saved.AsSpan(1)]));
        Assert.Null(ResumableChecksums.Restore([1, .. saved.AsSpan(1)]));   // a first-version state has no CRC after the hashes
        Assert.Null(ResumableChecksums.Restore([]));
    }

    [Fact]
    public void A_state_saved_before_the_crc_was_kept_resumes_without_one()
    {
        var hash = new ResumableChecksums();
        hash.Append(new byte[100]);
        var saved = hash.Save();
        byte[] firstVersion = [1, .. saved.AsSpan(1, saved.Length - 1 - sizeof(uint))];

        var resumed = ResumableChecksums.Restore(firstVersion)!;
        resumed.Append(new byte[50]);

        Assert.Equal(150, resumed.Length);
        Assert.Null(resumed.Finish().Crc32c);           // its version will verify SHA-256 on reads
        Assert.NotNull(resumed.Finish().Sha1);
        Assert.Equal(firstVersion, ResumableChecksums.Restore(firstVersion)!.Save());
    }
}

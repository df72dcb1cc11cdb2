using System.Security.Cryptography;
using System.Text;
using Depot.Core.Uploads;

namespace Depot.Core.Tests.Uploads;

public sealed class ResumableSha256Tests
{
    // FIPS 180-4 examples (NIST CSRC "Examples with intermediate values", SHA-256) and the long vector of FIPS 180-2.
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Nist_vectors_hash_to_their_digests(string message, string digest)
    {
        var hash = new ResumableSha256();
        hash.Append(Encoding.ASCII.GetBytes(message));
        Assert.Equal(digest, Convert.ToHexStringLower(hash.Finish()));
    }

    [Fact]
    public void A_million_as_saved_and_restored_every_999_bytes_hash_to_the_nist_digest()
    {
        var hash = new ResumableSha256();
        var chunk = Encoding.ASCII.GetBytes(new string('a', 999));
        for (var left = 1_000_000; left > 0; left -= chunk.Length)
        {
            hash.Append(chunk.AsSpan(0, Math.Min(left, chunk.Length)));
            hash = ResumableSha256.Restore(hash.Save())!;
        }

        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Convert.ToHexStringLower(hash.Finish()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_data_split_at_random_points_and_resumed_from_saved_state_matches_the_platform_sha256(bool managedOnly)
    {
        var random = new Random(11);
        for (var round = 0; round < 300; round++)
        {
            var data = new byte[random.Next(0, round < 250 ? 600 : 300_000)];
            random.NextBytes(data);
            var hash = new ResumableSha256 { ManagedOnly = managedOnly };
            var at = 0;
            while (at < data.Length)
            {
                var take = Math.Min(data.Length - at, random.Next(0, random.Next(2) == 0 ? 130 : 70_000));
                hash.Append(data.AsSpan(at, take));
                at += take;
                hash = random.Next(2) == 0 ? ResumableSha256.Restore(hash.Save())! : hash.Clone();
                hash.ManagedOnly = managedOnly;
            }

            Assert.Equal(data.Length, hash.Length);
            Assert.Equal(SHA256.HashData(data), hash.Finish());
            Assert.Equal(SHA256.HashData(data), hash.Finish());   // finishing leaves the state as it was
        }
    }

    [Fact]
    public void On_linux_the_blocks_go_through_libcrypto()
    {
        Assert.Equal(OperatingSystem.IsLinux(), OpenSslSha256.IsAvailable);
    }

    [Fact]
    public void A_saved_state_is_at_most_104_bytes_and_a_damaged_one_is_refused()
    {
        var hash = new ResumableSha256();
        hash.Append(new byte[63]);
        var saved = hash.Save();

        Assert.Equal(104, saved.Length);
        Assert.NotNull(ResumableSha256.Restore(saved));
        Assert.Null(ResumableSha256.Restore(saved.AsSpan(0, saved.Length - 1)));                    // the tail does not match the count
        Assert.Null(ResumableSha256.Restore([2, .. saved[1..]]));              // an unknown version
        Assert.Null(ResumableSha256.Restore(saved.AsSpan(0, 10)));                     // torn
        Assert.Null(ResumableSha256.Restore([]));
    }
}

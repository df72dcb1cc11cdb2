using System.Security.Cryptography;
using System.Text;
using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Tests.Files;

public sealed class DigestHeaderTests
{
    private static readonly byte[] Hash = SHA256.HashData(Encoding.UTF8.GetBytes("hello"));
    private static readonly string Hex = Convert.ToHexStringLower(Hash);
    private static readonly string B64 = Convert.ToBase64String(Hash);

    [Fact]
    public void Sha256_member_is_read_among_others()
    {
        Assert.Equal(Hex, DigestHeader.ParseSha256($"sha-256=:{B64}:").Value);
        Assert.Equal(Hex, DigestHeader.ParseSha256($"sha-512=:{Convert.ToBase64String(new byte[64])}:, sha-256=:{B64}:;p=1").Value);
        Assert.Equal(Hex, DigestHeader.ParseSha256($"md5=:AAAA:,sha-256=:{B64}:").Value);
    }

    [Fact]
    public void Absent_or_other_algorithms_only_mean_no_digest()
    {
        Assert.Null(DigestHeader.ParseSha256(null).Value);
        Assert.Null(DigestHeader.ParseSha256("").Value);
        Assert.Null(DigestHeader.ParseSha256($"sha-512=:{Convert.ToBase64String(new byte[64])}:").Value);
    }

    [Theory]
    [InlineData("sha-256=abc")]
    [InlineData("sha-256=:not base64!:")]
    [InlineData("sha-256=:AAAA:")]
    [InlineData("SHA-256=:AAAA:")]
    [InlineData("sha-256")]
    public void Malformed_fields_are_rejected(string field) =>
        Assert.Equal(ErrorCodes.InvalidRequest, DigestHeader.ParseSha256(field).Error?.Code);

    [Fact]
    public void Format_round_trips() => Assert.Equal(Hex, DigestHeader.ParseSha256(DigestHeader.Format(Hex)).Value);
}

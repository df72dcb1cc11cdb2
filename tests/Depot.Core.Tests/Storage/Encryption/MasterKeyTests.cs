using System.Security.Cryptography;
using System.Text;
using Depot.Core.Storage.Encryption;

namespace Depot.Core.Tests.Storage.Encryption;

public sealed class MasterKeyTests
{
    [Fact]
    public void A_key_is_read_from_base64_or_raw_bytes_and_keeps_its_id()
    {
        var key = MasterKey.Generate();
        Assert.Equal(key.Id, MasterKey.Parse(Encoding.ASCII.GetBytes($"  {key.ToBase64()}\n"), out _)!.Id);

        var raw = RandomNumberGenerator.GetBytes(32);
        raw[0] = 0; // certainly not all printable
        Assert.Equal(MasterKey.FromBytes(raw).Id, MasterKey.Parse(raw, out _)!.Id);
        Assert.Equal(16, key.Id.Length);
    }

    [Theory]
    [InlineData("too short")]
    [InlineData("a passphrase of exactly 32 chars")]
    [InlineData("")]
    public void Text_that_is_not_a_key_is_refused_with_a_reason(string content)
    {
        Assert.Null(MasterKey.Parse(Encoding.ASCII.GetBytes(content), out var problem));
        Assert.Contains("32 bytes", problem);
    }
}

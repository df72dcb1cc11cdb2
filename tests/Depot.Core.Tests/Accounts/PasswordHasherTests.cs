using Depot.Core.Accounts;

namespace Depot.Core.Tests.Accounts;

public sealed class PasswordHasherTests
{
    [Fact]
    public void Hash_is_versioned_salted_and_verifies()
    {
        var first = PasswordHasher.Hash("correct horse battery staple");
        var second = PasswordHasher.Hash("correct horse battery staple");

        Assert.StartsWith("pbkdf2-sha512$v1$210000$", first);
        Assert.NotEqual(first, second);
        Assert.True(PasswordHasher.Verify("correct horse battery staple", first));
        Assert.False(PasswordHasher.Verify("correct horse battery stapler", first));
        Assert.False(PasswordHasher.NeedsRehash(first));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("pbkdf2-sha512$v1$")]
    [InlineData("pbkdf2-sha512$v1$abc$salt$hash")]
    [InlineData("pbkdf2-sha512$v1$1000$!!notbase64$AAAA")]
    [InlineData("pbkdf2-sha512$v2$210000$AAAA$AAAA")]
    public void Malformed_or_unknown_formats_never_verify(string stored) => Assert.False(PasswordHasher.Verify("anything", stored));

    [Fact]
    public void Hash_with_fewer_iterations_verifies_and_asks_for_a_rehash()
    {
        var salt = new byte[16];
        var hash = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("pw"u8.ToArray(), salt, 1000,
            System.Security.Cryptography.HashAlgorithmName.SHA512, 64);
        var stored = $"pbkdf2-sha512$v1$1000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";

        Assert.True(PasswordHasher.Verify("pw", stored));
        Assert.True(PasswordHasher.NeedsRehash(stored));
    }
}

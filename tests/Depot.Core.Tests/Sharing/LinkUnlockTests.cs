using Depot.Core.Accounts;
using Depot.Core.Sharing;

namespace Depot.Core.Tests.Sharing;

public sealed class LinkUnlockTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string Hash = PasswordHasher.Hash("correct horse");

    [Fact]
    public void An_issued_value_verifies_for_its_link_until_it_expires()
    {
        var value = LinkUnlock.Issue(Hash, "link-1", Now.AddHours(12));

        Assert.Matches("^[0-9]+\\.[A-Za-z0-9_-]+$", value);
        Assert.True(LinkUnlock.Verify(Hash, "link-1", value, Now));
        Assert.True(LinkUnlock.Verify(Hash, "link-1", value, Now.AddHours(12).AddSeconds(-1)));
        Assert.False(LinkUnlock.Verify(Hash, "link-1", value, Now.AddHours(12)));
    }

    [Fact]
    public void A_value_is_useless_on_another_link_or_after_the_password_changes()
    {
        var value = LinkUnlock.Issue(Hash, "link-1", Now.AddHours(1));

        Assert.False(LinkUnlock.Verify(Hash, "link-2", value, Now));
        Assert.False(LinkUnlock.Verify(PasswordHasher.Hash("correct horse"), "link-1", value, Now));   // same password, new salt
        Assert.False(LinkUnlock.Verify(PasswordHasher.Hash("new horse"), "link-1", value, Now));
    }

    [Fact]
    public void A_moved_expiry_breaks_the_mac()
    {
        var value = LinkUnlock.Issue(Hash, "link-1", Now.AddHours(1));
        var later = Now.AddDays(30).ToUnixTimeSeconds() + value[value.IndexOf('.', StringComparison.Ordinal)..];

        Assert.False(LinkUnlock.Verify(Hash, "link-1", later, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData(".abc")]
    [InlineData("99999999999.")]
    [InlineData("99999999999.!!not-base64!!")]
    [InlineData("-5.abc")]
    [InlineData("99999999999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_values_are_refused(string? value) => Assert.False(LinkUnlock.Verify(Hash, "link-1", value, Now));

    [Fact]
    public void The_cookie_lives_twelve_hours_or_until_the_link_expires()
    {
        Assert.Equal(Now + LinkUnlock.Lifetime, LinkUnlock.ExpiryFor(new LinkRecord(), Now));
        var soon = Now.AddHours(2);
        Assert.Equal(soon, LinkUnlock.ExpiryFor(new LinkRecord { ExpiresAt = soon.ToUnixTimeMilliseconds() }, Now));
        Assert.Equal(Now + LinkUnlock.Lifetime, LinkUnlock.ExpiryFor(new LinkRecord { ExpiresAt = Now.AddDays(3).ToUnixTimeMilliseconds() }, Now));
    }
}

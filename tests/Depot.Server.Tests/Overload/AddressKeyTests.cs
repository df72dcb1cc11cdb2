using System.Net;
using Depot.Server.Overload;

namespace Depot.Server.Tests.Overload;

/// <summary>Which bucket an anonymous client address draws from.</summary>
public sealed class AddressKeyTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void IPv4_counts_per_address_and_IPv6_per_64(string address, string key) =>
        Assert.Equal(key, CallerPartition.AddressKey(IPAddress.Parse(address)));

    [Fact]
    public void Two_hosts_in_different_64s_have_different_buckets() =>
        Assert.NotEqual(CallerPartition.AddressKey(IPAddress.Parse("2001:db8:1:2::1")), CallerPartition.AddressKey(IPAddress.Parse("2001:db8:1:3::1")));
}

using Depot.Core.Events;

namespace Depot.Core.Tests.Events;

public sealed class AuditDetailsTests
{
    [Theory]
    [InlineData("password")]
    [InlineData("newPassword")]
    [InlineData("token")]
    [InlineData("linkToken")]
    [InlineData("secret")]
    [InlineData("Username")]
    [InlineData("user name")]
    [InlineData("")]
    public void Keys_that_name_a_secret_or_are_malformed_are_refused(string key) =>
        Assert.Throws<ArgumentException>(() => AuditDetails.Build([(key, "x")]));

    [Theory]
    [InlineData("tokenId")]
    [InlineData("tokenName")]
    [InlineData("hasPassword")]
    [InlineData("username")]
    public void Ids_names_and_flags_about_secrets_are_allowed(string key) =>
        Assert.Equal("x", AuditDetails.Build([(key, "x")])[key]);

    [Fact]
    public void A_token_pasted_into_a_value_is_redacted_and_long_values_are_cut()
    {
        var details = AuditDetails.Build([("username", "dpt_abcdef"), ("path", new string('a', 500)), ("reason", "a\nb"), ("skipped", null)]);
        Assert.Equal(AuditDetails.Redacted, details["username"]);
        Assert.Equal(AuditDetails.MaxValueLength + 1, details["path"].Length);
        Assert.Equal("a\uFFFDb", details["reason"]);
        Assert.False(details.ContainsKey("skipped"));
    }

    [Fact]
    public void Details_round_trip_through_json()
    {
        var details = AuditDetails.Build([("group", "eng"), ("from", "é\"x")]);
        Assert.Equal(details, AuditDetails.FromJson(AuditDetails.ToJson(details)));
    }

    [Fact]
    public void Too_many_details_are_refused() =>
        Assert.Throws<ArgumentException>(() => AuditDetails.Build(Enumerable.Range(0, 9).Select(i => ($"k{i}", (string?)"v")).ToArray()));
}

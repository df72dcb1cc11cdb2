using Depot.Core.Accounts;

namespace Depot.Core.Tests.Accounts;

public sealed class UsernameRuleTests
{
    [Theory]
    [InlineData("alice")]
    [InlineData("Bob.Smith")]
    [InlineData("x_1-2")]
    public void Accepts_plain_names(string name) => Assert.Null(UsernameRule.Check(name));

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("ünïcode")]
    [InlineData("a\0b")]
    public void Refuses_names_that_misbehave_in_urls_and_logs(string name) => Assert.NotNull(UsernameRule.Check(name));

    [Fact]
    public void Refuses_more_than_64_characters() => Assert.NotNull(UsernameRule.Check(new string('a', 65)));
}

using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Tests.Files;

public sealed class WritePreconditionsTests
{
    private const string Tag = "\"abc\"";

    [Fact]
    public void Lists_and_star_parse()
    {
        var parsed = WritePreconditions.Parse("\"a\", W/\"b\",\"c\"", " * ").Value;
        Assert.Equal(["\"a\"", "W/\"b\"", "\"c\""], parsed.IfMatch!);
        Assert.Equal(["*"], parsed.IfNoneMatch!);
        Assert.Null(WritePreconditions.Parse(null, null).Value.IfMatch);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("\"abc")]
    [InlineData("\"a\"x")]
    [InlineData("W/abc")]
    [InlineData("")]
    [InlineData(",")]
    public void Malformed_headers_are_rejected(string header)
    {
        Assert.Equal(ErrorCodes.InvalidRequest, WritePreconditions.Parse(header, null).Error?.Code);
        Assert.Equal(ErrorCodes.InvalidRequest, WritePreconditions.Parse(null, header).Error?.Code);
    }

    [Fact]
    public void If_match_needs_a_strong_match_of_an_existing_target()
    {
        Assert.True(Parse(Tag, null).IsSatisfiedBy(Tag));
        Assert.True(Parse("\"x\", " + Tag, null).IsSatisfiedBy(Tag));
        Assert.False(Parse("\"x\"", null).IsSatisfiedBy(Tag));
        Assert.False(Parse("W/" + Tag, null).IsSatisfiedBy(Tag));
        Assert.False(Parse(Tag, null).IsSatisfiedBy(null));
        Assert.True(Parse("*", null).IsSatisfiedBy(Tag));
        Assert.False(Parse("*", null).IsSatisfiedBy(null));
    }

    [Fact]
    public void If_none_match_refuses_a_weak_match_or_any_existing_target_for_star()
    {
        Assert.False(Parse(null, "*").IsSatisfiedBy(Tag));
        Assert.True(Parse(null, "*").IsSatisfiedBy(null));
        Assert.False(Parse(null, "W/" + Tag).IsSatisfiedBy(Tag));
        Assert.True(Parse(null, "\"other\"").IsSatisfiedBy(Tag));
        Assert.True(WritePreconditions.None.IsSatisfiedBy(Tag));
    }

    private static WritePreconditions Parse(string? ifMatch, string? ifNoneMatch) => WritePreconditions.Parse(ifMatch, ifNoneMatch).Value;
}

using Depot.Server.Dav.Locks;

namespace Depot.Server.Tests.Dav;

/// <summary>The If header grammar (RFC 4918 §10.4): untagged and tagged lists, Not, entity-tags, malformed input.</summary>
public sealed class IfHeaderTests
{
    [Fact]
    public void Untagged_lists_with_not_and_etags()
    {
        var header = IfHeader.Parse("(<urn:depot:a> [\"e1\"]) (Not <DAV:no-lock> [W/\"e]2\"])")!;
        Assert.Equal(2, header.Lists.Count);
        Assert.All(header.Lists, l => Assert.Null(l.Resource));
        Assert.Equal(new IfCondition(false, "urn:depot:a", null), header.Lists[0].Conditions[0]);
        Assert.Equal(new IfCondition(false, null, "\"e1\""), header.Lists[0].Conditions[1]);
        Assert.Equal(new IfCondition(true, "DAV:no-lock", null), header.Lists[1].Conditions[0]);
        Assert.Equal("W/\"e]2\"", header.Lists[1].Conditions[1].ETag);
        Assert.Equal(["urn:depot:a"], header.SubmittedTokens);
    }

    [Fact]
    public void Tagged_lists_apply_to_their_resource()
    {
        var header = IfHeader.Parse("<http://h/dav/a> (<urn:depot:1>) (<urn:depot:2>) </dav/b> (Not [\"x\"])")!;
        Assert.Equal(["http://h/dav/a", "http://h/dav/a", "/dav/b"], header.Lists.Select(l => l.Resource));
        Assert.Equal(["urn:depot:1", "urn:depot:2"], header.SubmittedTokens);
    }

    [Theory]
    [InlineData("")]
    [InlineData("()")]
    [InlineData("(<urn:a>")]
    [InlineData("(urn:a)")]
    [InlineData("<http://h/a>")]
    [InlineData("(<urn:a>) <http://h/a> (<urn:b>)")]
    [InlineData("([\"unterminated)")]
    [InlineData("(Not)")]
    public void Malformed_headers_are_null(string value) => Assert.Null(IfHeader.Parse(value));
}

using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Tests.Files;

public sealed class DepotPathTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/a/b.txt", "/a/b.txt")]
    [InlineData("a/b.txt", "/a/b.txt")]
    [InlineData("/a/b/", "/a/b")]
    [InlineData("/re\u0301sume\u0301", "/r\u00e9sum\u00e9")]
    public void Paths_parse_to_their_canonical_form(string raw, string expected) =>
        Assert.Equal(expected, DepotPath.Parse(raw).Value.Value);

    [Theory]
    [InlineData("/a/../b", ErrorCodes.InvalidName)]
    [InlineData("/a/./b", ErrorCodes.InvalidName)]
    [InlineData("/..", ErrorCodes.InvalidName)]
    [InlineData("/a\\b", ErrorCodes.InvalidName)]
    [InlineData("/a\0", ErrorCodes.InvalidName)]
    [InlineData("/a//b", ErrorCodes.InvalidPath)]
    [InlineData("//", ErrorCodes.InvalidPath)]
    public void Bad_paths_are_rejected(string raw, string code) => Assert.Equal(code, DepotPath.Parse(raw).Error?.Code);

    [Fact]
    public void Depth_and_total_length_are_bounded()
    {
        Assert.True(DepotPath.Parse(string.Concat(Enumerable.Repeat("/a", DepotPath.MaxDepth))).IsSuccess);
        Assert.Equal(ErrorCodes.InvalidPath, DepotPath.Parse(string.Concat(Enumerable.Repeat("/a", DepotPath.MaxDepth + 1))).Error?.Code);
        var segment = "/" + new string('x', 250);
        Assert.Equal(ErrorCodes.InvalidPath, DepotPath.Parse(string.Concat(Enumerable.Repeat(segment, 17))).Error?.Code);
    }

    [Fact]
    public void Parent_name_and_append_compose()
    {
        var path = DepotPath.Parse("/a/b/c.txt").Value;
        Assert.Equal("c.txt", path.Name);
        Assert.Equal("/a/b", path.Parent.Value);
        Assert.Equal(path, path.Parent.Append("c.txt"));
        Assert.True(DepotPath.Root.Parent.IsRoot);
        Assert.Equal("/a/b/C.TXT", path.WithName("C.TXT").Value);
    }
}

using Depot.Client;
using Depot.Client.Http;

namespace Depot.Cli.Tests.Client;

public sealed class DepotPathTests
{
    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("a", "/a")]
    [InlineData("/a//b/", "/a/b")]
    public void Normalize_adds_the_root_and_drops_empty_segments(string path, string expected) =>
        Assert.Equal(expected, DepotPath.Normalize(path));

    [Fact]
    public void Combine_joins_with_one_slash()
    {
        Assert.Equal("/a/b.txt", DepotPath.Combine("/a/", "b.txt"));
        Assert.Equal("/b.txt", DepotPath.Combine("/", "b.txt"));
        Assert.Equal("/a/x/y", DepotPath.Combine("/a", "x/y"));
    }

    [Fact]
    public void Name_and_parent()
    {
        Assert.Equal("b.txt", DepotPath.GetName("/a/b.txt"));
        Assert.Equal("/a", DepotPath.GetParent("/a/b.txt"));
        Assert.Equal("/", DepotPath.GetParent("/a"));
        Assert.Equal("", DepotPath.GetName("/"));
    }

    [Fact]
    public void Each_segment_is_encoded_on_its_own() =>
        Assert.Equal("My%20Docs/r%C3%A9sum%C3%A9%20%231%3F.pdf", DepotPath.Encode("/My Docs/résumé #1?.pdf"));

    [Fact]
    public void The_root_is_addressed_by_the_bare_prefix()
    {
        Assert.Equal("api/v1/folders", Routes.Under(Routes.Folders, "/"));
        Assert.Equal("api/v1/folders/a/b%20c", Routes.Under(Routes.Folders, "/a/b c"));
    }

    [Fact]
    public void Query_skips_missing_values_and_escapes_the_rest()
    {
        Assert.Equal("", Routes.Query(("cursor", null)));
        Assert.Equal("?limit=5&cursor=a%2Bb%3D", Routes.Query(("limit", "5"), ("cursor", "a+b="), ("sort", null)));
    }
}

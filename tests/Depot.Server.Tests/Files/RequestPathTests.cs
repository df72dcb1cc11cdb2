using Depot.Protocol;
using Depot.Server.Api;

namespace Depot.Server.Tests.Files;

public sealed class RequestPathTests
{
    [Theory]
    [InlineData("/api/v1/files", "/")]
    [InlineData("/api/v1/files/", "/")]
    [InlineData("/api/v1/files/a/b.txt", "/a/b.txt")]
    [InlineData("/api/v1/files/a/b.txt?parents=true", "/a/b.txt")]
    [InlineData("/api/v1/files/My%20Docs/r%C3%A9sum%C3%A9.pdf", "/My Docs/résumé.pdf")]
    [InlineData("/api/v1/files/re%CC%81sume%CC%81", "/résumé")]
    [InlineData("/api/v1/files/100%25", "/100%")]
    [InlineData("/API/V1/FILES/x", "/x")]
    [InlineData("http://host:8080/api/v1/files/x", "/x")]
    public void Raw_targets_decode_per_segment(string raw, string expected) =>
        Assert.Equal(expected, RequestPath.Parse(raw, 3).Value.Value);

    [Theory]
    [InlineData("/api/v1/files/a%2Fb", ErrorCodes.InvalidName)]
    [InlineData("/api/v1/files/a%2fb", ErrorCodes.InvalidName)]
    [InlineData("/api/v1/files/..", ErrorCodes.InvalidName)]
    [InlineData("/api/v1/files/%2e%2E", ErrorCodes.InvalidName)]
    [InlineData("/api/v1/files/a%00", ErrorCodes.InvalidName)]
    [InlineData("/api/v1/files/%FF", ErrorCodes.InvalidName)]
    [InlineData("/api/v1/files/%C0%AF", ErrorCodes.InvalidName)]
    [InlineData("/api/v1/files/a%", ErrorCodes.InvalidPath)]
    [InlineData("/api/v1/files/a%4", ErrorCodes.InvalidPath)]
    [InlineData("/api/v1/files/a//b", ErrorCodes.InvalidPath)]
    [InlineData("/api/v1/files/é", ErrorCodes.InvalidPath)]
    public void Bad_segments_are_refused_with_a_code(string raw, string code) =>
        Assert.Equal(code, RequestPath.Parse(raw, 3).Error?.Code);
}

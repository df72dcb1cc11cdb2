using System.Net;
using Depot.Server.Web;
using Depot.Testing;

namespace Depot.Server.Tests.Web;

public sealed class InlineAndHostingTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Theory]
    [InlineData("photo.png", "image/png", true)]
    [InlineData("clip.mp4", "video/mp4", true)]
    [InlineData("paper.pdf", "application/pdf", true)]
    [InlineData("notes.txt", "text/plain; charset=utf-8", true)]
    [InlineData("code.cs", "text/plain; charset=utf-8", true)]
    [InlineData("drawing.svg", null, false)]
    [InlineData("page.html", null, false)]
    [InlineData("data.xml", null, false)]
    [InlineData("app.js", null, false)]
    [InlineData("blob.bin", null, false)]
    public async Task Inline_is_honoured_only_for_the_allow_list(string name, string? inlineType, bool inline)
    {
        using var user = await server.CreateUserAsync();
        using var body = new ByteArrayContent("<script>alert(1)</script>"u8.ToArray());
        body.Headers.ContentType = new("text/html");   // what the uploader declares never decides inline
        (await user.Http.PutAsync($"/api/v1/files/{name}", body)).EnsureSuccessStatusCode();

        using var response = await user.Http.GetAsync($"/api/v1/files/{name}?disposition=inline");
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal(inline ? "inline" : "attachment", disposition.DispositionType);
        if (inlineType is not null)
        {
            Assert.Equal(inlineType, response.Content.Headers.ContentType!.ToString());
        }

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.True(inlineType == "application/pdf" || csp.StartsWith("sandbox", StringComparison.Ordinal), csp);

        // Only Depot's own pages may frame a file, and only an inline PDF (shown in the browser's viewer in the preview).
        var framedBySelf = inlineType == "application/pdf";
        Assert.Contains(framedBySelf ? "frame-ancestors 'self'" : "frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal(framedBySelf ? "SAMEORIGIN" : "DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/files/some/folder")]
    [InlineData("/files/v1.2/report.pdf")]
    [InlineData("/trash")]
    public async Task Client_routes_serve_the_app_with_its_policy(string path)
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WebAppHosting.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        Assert.DoesNotContain("unsafe-inline", WebAppHosting.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/no-such-route")]
    [InlineData("/openapi/nope")]
    [InlineData("/dav/x")]
    [InlineData("/s/token")]
    [InlineData("/assets/missing-123.js")]
    public async Task Server_prefixes_and_missing_assets_never_fall_back_to_the_app(string path)
    {
        using var http = server.CreateHttpClient();
        using var response = await http.GetAsync(path);
        // /dav is WebDAV: without credentials it challenges (docs/webdav.md) rather than 404s.
        Assert.Equal(path.StartsWith("/dav/", StringComparison.Ordinal) ? HttpStatusCode.Unauthorized : HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotEqual("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Hashed_assets_are_cached_for_a_year()
    {
        using var http = server.CreateHttpClient();
        var html = await http.GetStringAsync("/");
        var start = html.IndexOf("/assets/", StringComparison.Ordinal);
        var asset = html[start..html.IndexOf('"', start)];
        using var response = await http.GetAsync(asset);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
    }
}

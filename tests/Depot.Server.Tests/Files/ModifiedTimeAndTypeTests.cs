using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Server.Tests.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Files;

/// <summary>
/// The REST and tus uploads keep the client's modified time (X-OC-Mtime, Unix seconds, as on WebDAV) and return it, and
/// store a content type inferred from the name when the client sends none or only application/octet-stream.
/// </summary>
public sealed class ModifiedTimeAndTypeTests(DepotServer server) : IClassFixture<DepotServer>
{
    private static ByteArrayContent Body(string text, string? type)
    {
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(text));
        content.Headers.ContentType = type is null ? null : MediaTypeHeaderValue.Parse(type);
        return content;
    }

    private static async Task<HttpResponseMessage> PutAsync(TestUser user, string path, string text, string? type = "application/octet-stream", string? mtime = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/files" + path) { Content = Body(text, type) };
        if (mtime is not null)
        {
            request.Headers.Add("X-OC-Mtime", mtime);
        }

        return await user.Http.SendAsync(request);
    }

    [Fact]
    public async Task Rest_put_keeps_the_client_mtime_and_returns_it_in_json_listing_and_last_modified()
    {
        using var user = await server.CreateUserAsync();
        using var put = await PutAsync(user, "/report.txt", "hello", mtime: "1400000000");
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("accepted", put.Headers.GetValues("X-OC-Mtime").Single());
        var at = DateTimeOffset.FromUnixTimeSeconds(1_400_000_000);
        Assert.Equal(at, (await put.Content.ReadFromJsonAsync(DepotJsonContext.Default.NodeInfo))!.ModifiedAt);

        using var get = await user.Http.GetAsync("/api/v1/files/report.txt");
        Assert.Equal(at, get.Content.Headers.LastModified);
        var listed = await user.Http.GetStringAsync("/api/v1/folders/");
        Assert.Contains("2014-05-13T16:53:20", listed);

        // A new version without the header: the time of the upload again.
        using var again = await PutAsync(user, "/report.txt", "hello again");
        Assert.False(again.Headers.Contains("X-OC-Mtime"));
        Assert.True((await again.Content.ReadFromJsonAsync(DepotJsonContext.Default.NodeInfo))!.ModifiedAt > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Garbage_mtime_is_a_problem_with_a_stable_code_on_rest_and_tus()
    {
        using var user = await server.CreateUserAsync();
        using var put = await PutAsync(user, "/x.txt", "x", mtime: "last tuesday");
        await SharingApi.AssertStatusAsync(put, HttpStatusCode.BadRequest, ErrorCodes.InvalidMtime);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.GetAsync("/api/v1/files/x.txt")).StatusCode);

        using var create = await Tus.Tus.CreateAsync(user.Http, Tus.Tus.Metadata(("path", "/y.txt")), 1,
            configure: r => r.Headers.Add("X-OC-Mtime", "-5"));
        await SharingApi.AssertStatusAsync(create, HttpStatusCode.BadRequest, ErrorCodes.InvalidMtime);
    }

    [Fact]
    public async Task Tus_upload_keeps_the_mtime_given_at_creation_and_infers_the_type()
    {
        using var user = await server.CreateUserAsync();
        using var create = await Tus.Tus.CreateAsync(user.Http, Tus.Tus.Metadata(("path", "/photo.png")), 4,
            configure: r => r.Headers.Add("X-OC-Mtime", "1300000000"));
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.Equal("accepted", create.Headers.GetValues("X-OC-Mtime").Single());
        using var patched = await Tus.Tus.PatchAsync(user.Http, create.Headers.Location!.OriginalString, 0, [1, 2, 3, 4]);
        Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);

        var info = (await user.Http.GetFromJsonAsync("/api/v1/nodes/photo.png", DepotJsonContext.Default.NodeInfo))!;
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_300_000_000), info.ModifiedAt);
        Assert.Equal("image/png", info.ContentType);
    }

    [Theory]
    [InlineData("/a.pdf", "application/octet-stream", "application/pdf")]
    [InlineData("/b.pdf", null, "application/pdf")]
    [InlineData("/c.txt", "text/markdown", "text/markdown")]
    [InlineData("/d.unknownext", "application/octet-stream", "application/octet-stream")]
    [InlineData("/e.JPG", "application/octet-stream", "image/jpeg")]
    public async Task Content_type_is_inferred_from_the_name_only_when_the_client_sends_none_or_octet_stream(string path, string? sent, string stored)
    {
        using var user = await server.CreateUserAsync();
        using var put = await PutAsync(user, path, "data", sent);
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(stored, (await put.Content.ReadFromJsonAsync(DepotJsonContext.Default.NodeInfo))!.ContentType);
        using var get = await user.Http.GetAsync("/api/v1/files" + path);
        Assert.Equal(stored, get.Content.Headers.ContentType?.MediaType);
    }
}

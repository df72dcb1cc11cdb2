using System.Net;
using System.Net.Http.Headers;
using Depot.Protocol;
using Depot.Server.Tests.Dav;
using Depot.Server.Tests.Sharing;
using Depot.Testing;

namespace Depot.Server.Tests.Files;

/// <summary>
/// A write carrying <c>Content-Range</c> is refused with 400 <c>content_range_unsupported</c> on every path that takes
/// file content, and the stored file is untouched (issue 9, point 4: the REST PUT used to store the fragment as the
/// whole file).
/// </summary>
public sealed class PartialWriteTests(DepotServer server) : IClassFixture<DepotServer>
{
    private const string Original = "0123456789";

    [Fact]
    public async Task Rest_put_with_content_range_is_refused_and_keeps_the_file()
    {
        using var alice = await server.CreateUserAsync();
        await alice.Http.PutFileAsync("/a.txt", Original);

        using var put = await alice.Http.PutAsync("/api/v1/files/a.txt", Fragment());
        await SharingApi.AssertStatusAsync(put, HttpStatusCode.BadRequest, ErrorCodes.ContentRangeUnsupported);

        using var create = await alice.Http.PutAsync("/api/v1/files/new.txt", Fragment());
        await SharingApi.AssertStatusAsync(create, HttpStatusCode.BadRequest, ErrorCodes.ContentRangeUnsupported);

        Assert.Equal(Original, await alice.Http.GetStringAsync("/api/v1/files/a.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/v1/files/new.txt")).StatusCode);
    }

    [Fact]
    public async Task WebDav_put_with_content_range_answers_the_same_code()
    {
        using var alice = await server.CreateUserAsync();
        await alice.Http.PutFileAsync("/a.txt", Original);
        using var dav = DavSession.For(server, alice);

        using var put = await dav.SendWithContentAsync("PUT", "/dav/a.txt", Fragment());
        await SharingApi.AssertStatusAsync(put, HttpStatusCode.BadRequest, ErrorCodes.ContentRangeUnsupported);
        Assert.Equal(Original, await alice.Http.GetStringAsync("/api/v1/files/a.txt"));
    }

    [Fact]
    public async Task Drop_box_upload_with_content_range_is_refused()
    {
        using var alice = await server.CreateUserAsync();
        await alice.Http.MkdirAsync("/box");
        var link = await alice.Http.LinkOkAsync("/box", mode: "dropbox");
        using var anonymous = server.CreateHttpClient();

        using var put = await anonymous.PutAsync(link.Url + "/x.txt", Fragment());
        await SharingApi.AssertStatusAsync(put, HttpStatusCode.BadRequest, ErrorCodes.ContentRangeUnsupported);
        using var post = await anonymous.PostAsync(link.Url + "?name=y.txt", Fragment());
        await SharingApi.AssertStatusAsync(post, HttpStatusCode.BadRequest, ErrorCodes.ContentRangeUnsupported);

        using var listing = await alice.Http.GetAsync("/api/v1/folders/box");
        Assert.DoesNotContain("x.txt", await listing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tus_creation_and_patch_with_content_range_are_refused()
    {
        using var alice = await server.CreateUserAsync();

        using (var created = await Tus.Tus.CreateAsync(alice.Http, Tus.Tus.Metadata(("path", "/t.bin")), 10, "01234"u8.ToArray(),
            request => request.Content!.Headers.ContentRange = new ContentRangeHeaderValue(0, 4, 10)))
        {
            await SharingApi.AssertStatusAsync(created, HttpStatusCode.BadRequest, ErrorCodes.ContentRangeUnsupported);
        }

        var url = await Tus.Tus.CreatedUrlAsync(alice.Http, "/t.bin", 10);
        using var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = Fragment() };
        patch.Headers.Add("Tus-Resumable", Tus.Tus.Version);
        patch.Headers.Add("Upload-Offset", "0");
        patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
        using var patched = await alice.Http.SendAsync(patch);
        await SharingApi.AssertStatusAsync(patched, HttpStatusCode.BadRequest, ErrorCodes.ContentRangeUnsupported);

        using var head = new HttpRequestMessage(HttpMethod.Head, url);
        head.Headers.Add("Tus-Resumable", Tus.Tus.Version);
        using var state = await alice.Http.SendAsync(head);
        Assert.Equal("0", state.Headers.GetValues("Upload-Offset").Single());
    }

    // Bytes 2–3 of a 10-byte file: a client resuming or patching part of a file.
    private static ByteArrayContent Fragment() =>
        new("zz"u8.ToArray()) { Headers = { ContentRange = new ContentRangeHeaderValue(2, 3, 10) } };
}

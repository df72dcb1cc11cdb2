using System.Net;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Server.Web;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.LinkPageApi;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Sharing;

/// <summary>Content negotiation on <c>/s/{token}</c> and the JSON views the web app's link page renders.</summary>
public sealed class LinkPageTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task A_browser_navigation_gets_the_app_without_the_link_being_looked_up()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.PutFileAsync("/f.txt", "file bytes");
        var link = await owner.Http.LinkOkAsync("/f.txt", maxDownloads: 5);

        // The same page for a live link, a path inside it and a token that never existed: no oracle.
        foreach (var url in new[] { link.Url, link.Url + "/deeper/x.txt", "/s/dpl_" + new string('A', 43) })
        {
            using var page = await anonymous.SendAsync(Accepting(url, BrowserAccept));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Equal(WebAppHosting.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
            Assert.Contains("Accept", page.Headers.Vary);
            Assert.Contains("<script type=\"module\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await owner.DownloadsAsync(link.Link.Id));

        // ?download wins over any Accept, and counts; so does curl's */*.
        using (var download = await anonymous.SendAsync(Accepting(link.Url + "?download", BrowserAccept)))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("file bytes", await download.Content.ReadAsStringAsync());
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Contains("Accept", download.Headers.Vary);
        }

        using (var curl = await anonymous.SendAsync(Accepting(link.Url, "*/*")))
        {
            Assert.Equal("file bytes", await curl.Content.ReadAsStringAsync());
        }

        Assert.Equal(2, await owner.DownloadsAsync(link.Link.Id));
    }

    [Fact]
    public async Task The_json_view_of_a_file_shows_it_and_counts_no_download()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.PutFileAsync("/report.txt", "twelve bytes");
        var expires = DateTimeOffset.UtcNow.AddDays(2);
        var link = await owner.Http.LinkOkAsync("/report.txt", expiresAt: expires, maxDownloads: 3);

        using (var response = await anonymous.SendAsync(Accepting(link.Url, "application/json")))
        {
            Assert.Contains("Accept", response.Headers.Vary);
            Assert.True(response.Headers.CacheControl?.NoStore);
            var raw = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(owner.Username, raw, StringComparison.Ordinal);
        }

        var view = await anonymous.ViewAsync(link.Url);
        Assert.Equal(LinkModes.Read, view.Mode);
        Assert.Equal("report.txt", view.Name);
        Assert.Equal("file", view.Kind);
        Assert.Equal("/", view.Path);
        Assert.Equal(new PublicItem("report.txt", "file", 12, view.Item.ModifiedAt, view.Item.ContentType), view.Item);
        Assert.Null(view.Items);
        Assert.Null(view.NextCursor);
        Assert.Equal(expires.ToUnixTimeSeconds(), view.ExpiresAt?.ToUnixTimeSeconds());
        Assert.Equal(3, view.DownloadsLeft);

        Assert.Equal(0, await owner.DownloadsAsync(link.Link.Id));
        Assert.Equal("twelve bytes", await anonymous.GetStringAsync(link.Url + "?download=1"));
        Assert.Equal(1, await owner.DownloadsAsync(link.Link.Id));
        Assert.Equal(2, (await anonymous.ViewAsync(link.Url)).DownloadsLeft);
    }

    [Fact]
    public async Task The_json_view_of_a_folder_pages_by_name_and_reaches_its_subfolders()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.MkdirAsync("/album");
        await owner.Http.MkdirAsync("/album/b-sub");
        await owner.Http.PutFileAsync("/album/a.txt", "a");
        await owner.Http.PutFileAsync("/album/c.txt", "ccc");
        await owner.Http.PutFileAsync("/album/b-sub/inner.txt", "inner");
        var link = await owner.Http.LinkOkAsync("/album");

        var first = await anonymous.ViewAsync(link.Url + "?limit=2");
        Assert.Equal(("album", "folder", "/"), (first.Name, first.Kind, first.Path));
        Assert.Equal("album", first.Item.Name);
        Assert.Null(first.DownloadsLeft);
        Assert.Equal(["a.txt", "b-sub"], first.Items!.Select(i => i.Name));
        Assert.Equal(["file", "folder"], first.Items!.Select(i => i.Kind));
        Assert.NotNull(first.NextCursor);
        var second = await anonymous.ViewAsync($"{link.Url}?limit=2&cursor={Uri.EscapeDataString(first.NextCursor!)}");
        Assert.Equal(["c.txt"], second.Items!.Select(i => i.Name));
        Assert.Equal(3, second.Items![0].Size);
        Assert.Null(second.NextCursor);

        var sub = await anonymous.ViewAsync(link.Url + "/b-sub");
        Assert.Equal(("album", "/b-sub", "b-sub"), (sub.Name, sub.Path, sub.Item.Name));
        Assert.Equal(["inner.txt"], sub.Items!.Select(i => i.Name));
        var inner = await anonymous.ViewAsync(link.Url + "/b-sub/inner.txt");
        Assert.Equal(("/b-sub/inner.txt", "file"), (inner.Path, inner.Item.Kind));

        await AssertStatusAsync(await anonymous.SendAsync(Accepting(link.Url + "?cursor=bogus", "application/json")), HttpStatusCode.BadRequest,
            ErrorCodes.InvalidRequest);
        foreach (var missing in new[] { "/nope", "/b-sub/..%2Fa.txt", "/b-sub%2F..%2F.." })
        {
            await AssertStatusAsync(await anonymous.SendAsync(Accepting(link.Url + missing, "application/json")), HttpStatusCode.NotFound,
                ErrorCodes.LinkNotFound);
        }

        Assert.Equal(0, await owner.DownloadsAsync(link.Link.Id));
    }

    [Fact]
    public async Task The_json_view_of_a_drop_box_reveals_its_name_and_nothing_of_its_contents()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.MkdirAsync("/inbox");
        await owner.Http.PutFileAsync("/inbox/private-report.txt", "secret contents");
        var link = await owner.Http.LinkOkAsync("/inbox", LinkModes.DropBox);

        using (var response = await anonymous.SendAsync(Accepting(link.Url, "application/json")))
        {
            var raw = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("private-report", raw, StringComparison.Ordinal);
        }

        var view = await anonymous.ViewAsync(link.Url);
        Assert.Equal((LinkModes.DropBox, "inbox", "folder", "/"), (view.Mode, view.Name, view.Kind, view.Path));
        Assert.Equal(0, view.Item.Size);
        Assert.Null(view.Items);
        await AssertStatusAsync(await anonymous.SendAsync(Accepting(link.Url + "/private-report.txt", "application/json")),
            HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // Without script, a browser still has the static form at ?form.
        using var form = await anonymous.SendAsync(Accepting(link.Url + "?form", BrowserAccept));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("multipart/form-data", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", form.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_view_refuses_like_the_download_but_never_with_a_basic_challenge()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.PutFileAsync("/locked.txt", "locked");
        var link = await owner.Http.LinkOkAsync("/locked.txt", password: "open sesame");

        using (var missing = await anonymous.SendAsync(Accepting(link.Url, "application/json")))
        {
            Assert.Empty(missing.Headers.WwwAuthenticate);
            await AssertStatusAsync(missing, HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated);
        }

        var wrong = Accepting(link.Url, "application/json");
        wrong.Headers.Add(LinkModes.PasswordHeader, "wrong");
        await AssertStatusAsync(await anonymous.SendAsync(wrong), HttpStatusCode.Unauthorized, ErrorCodes.InvalidCredentials);
        var right = Accepting(link.Url, "application/json");
        right.Headers.Add(LinkModes.PasswordHeader, "open sesame");
        await AssertStatusAsync(await anonymous.SendAsync(right), HttpStatusCode.OK);

        using (var download = await anonymous.GetAsync(link.Url))
        {
            Assert.Contains("Basic", download.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        await AssertStatusAsync(await owner.Http.DeleteAsync($"/api/v1/links/{link.Link.Id}"), HttpStatusCode.NoContent);
        await AssertStatusAsync(await anonymous.SendAsync(Accepting(link.Url, "application/json")), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
    }

    [Fact]
    public async Task A_link_never_reaches_into_an_item_mounted_from_someone_elses_share()
    {
        using var owner = await server.CreateUserAsync();
        using var friend = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await friend.Http.MkdirAsync("/theirs");
        await friend.Http.PutFileAsync("/theirs/private.txt", "not yours to publish");
        await owner.Http.MkdirAsync("/public");
        await owner.Http.PutFileAsync("/public/mine.txt", "mine");
        await ShareAndMountAsync(friend, "/theirs", owner, Roles.Viewer, "public/mounted");
        var link = await owner.Http.LinkOkAsync("/public");

        var view = await anonymous.ViewAsync(link.Url);
        Assert.Equal(["mine.txt"], view.Items!.Select(i => i.Name));
        await AssertStatusAsync(await anonymous.SendAsync(Accepting(link.Url + "/mounted", "application/json")), HttpStatusCode.NotFound,
            ErrorCodes.LinkNotFound);
        await AssertStatusAsync(await anonymous.GetAsync(link.Url + "/mounted/private.txt"), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
        Assert.Equal("mine", await anonymous.GetStringAsync(link.Url + "/mine.txt"));
    }
}

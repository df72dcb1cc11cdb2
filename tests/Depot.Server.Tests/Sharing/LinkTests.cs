using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.LinkApi;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Sharing;

public sealed class LinkTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Fact]
    public async Task A_read_link_downloads_a_file_and_a_folder_as_a_byte_identical_zip()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.MkdirAsync("/album");
        await owner.Http.MkdirAsync("/album/sub");
        await owner.Http.PutFileAsync("/album/a.txt", "alpha");
        await owner.Http.PutFileAsync("/album/sub/b.bin", "beta-bytes");

        var link = await owner.Http.LinkOkAsync("/album");
        Assert.StartsWith("/s/dpl_", link.Url, StringComparison.Ordinal);
        Assert.True(link.Token.Length >= 40);
        using var zipResponse = await anonymous.GetAsync(link.Url);
        Assert.Equal(HttpStatusCode.OK, zipResponse.StatusCode);
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(new MemoryStream(await zipResponse.Content.ReadAsByteArrayAsync()));
        Assert.Equal("alpha", await ReadAsync(zip, "album/a.txt"));
        Assert.Equal("beta-bytes", await ReadAsync(zip, "album/sub/b.bin"));

        Assert.Equal("beta-bytes", await anonymous.GetStringAsync(link.Url + "/sub/b.bin"));
        foreach (var escape in new[] { "/../a.txt", "/%2e%2e/a.txt", "/sub/..%2Fa.txt", "/sub%2F..%2F..", "/nope.txt" })
        {
            await AssertStatusAsync(await anonymous.GetAsync(link.Url + escape), HttpStatusCode.NotFound);
        }

        await AssertStatusAsync(await anonymous.PutAsync(link.Url + "/x.txt", new StringContent("x")), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // Revoked: 404 at once; guessed tokens and other users' link ids too.
        await AssertStatusAsync(await anonymous.GetAsync("/s/dpl_" + new string('A', 43)), HttpStatusCode.NotFound);
        using var other = await server.CreateUserAsync();
        await AssertStatusAsync(await other.Http.DeleteAsync($"/api/v1/links/{link.Link.Id}"), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
        await AssertStatusAsync(await owner.Http.DeleteAsync($"/api/v1/links/{link.Link.Id}"), HttpStatusCode.NoContent);
        await AssertStatusAsync(await anonymous.GetAsync(link.Url), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
    }

    [Fact]
    public async Task Download_limits_and_expiry_end_a_link()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.PutFileAsync("/f.txt", "once");
        var link = await owner.Http.LinkOkAsync("/f.txt", maxDownloads: 1);
        Assert.Equal("once", await anonymous.GetStringAsync(link.Url));
        await AssertStatusAsync(await anonymous.GetAsync(link.Url), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);

        var brief = await owner.Http.LinkOkAsync("/f.txt", expiresAt: DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal("once", await anonymous.GetStringAsync(brief.Url));
        await Task.Delay(1200);
        await AssertStatusAsync(await anonymous.GetAsync(brief.Url), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
        await AssertStatusAsync(await owner.Http.LinkAsync("/f.txt", expiresAt: DateTimeOffset.UtcNow.AddSeconds(-5)), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_password_link_needs_its_password_and_brute_force_is_throttled()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.PutFileAsync("/secret.txt", "s3");
        var link = await owner.Http.LinkOkAsync("/secret.txt", password: "correct horse");
        Assert.True(link.Link.HasPassword);

        using (var none = await anonymous.GetAsync(link.Url))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Contains("Basic", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal("s3", await (await anonymous.SendAsync(Visit(HttpMethod.Get, link.Url, "correct horse"))).Content.ReadAsStringAsync());
        var basic = Visit(HttpMethod.Get, link.Url);
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("x:correct horse")));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(basic)).StatusCode);

        HttpResponseMessage? last = null;
        for (var i = 0; i < 30 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
        {
            last?.Dispose();
            last = await anonymous.SendAsync(Visit(HttpMethod.Get, link.Url, "guess" + i));
            Assert.True(last.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, last.StatusCode.ToString());
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.NotNull(last.Headers.RetryAfter);
        last.Dispose();

        // Changing the password takes effect at once; clearing it opens the link (for a new address: this one is throttled).
        using (var changed = await owner.Http.PatchAsJsonAsync($"/api/v1/links/{link.Link.Id}", new UpdateLinkRequest(Password: "new horse"),
                   DepotJsonContext.Default.UpdateLinkRequest))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        using (var cleared = await owner.Http.PatchAsJsonAsync($"/api/v1/links/{link.Link.Id}", new UpdateLinkRequest(ClearPassword: true),
                   DepotJsonContext.Default.UpdateLinkRequest))
        {
            Assert.False((await cleared.Content.ReadFromJsonAsync(DepotJsonContext.Default.LinkInfo))!.HasPassword);
        }

        Assert.Equal("s3", await anonymous.GetStringAsync(link.Url));
        using var stranger = await server.CreateUserAsync();
        using (var idor = await stranger.Http.PatchAsJsonAsync($"/api/v1/links/{link.Link.Id}", new UpdateLinkRequest(ClearExpiry: true),
                   DepotJsonContext.Default.UpdateLinkRequest))
        {
            await AssertStatusAsync(idor, HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
        }

        // Audit: the attempts and the link's creation are recorded, and no secret is.
        var audit = await owner.Http.GetStringAsync("/api/v1/audit?limit=200");
        Assert.Contains(AuditActionsNames.PasswordFailed, audit, StringComparison.Ordinal);
        Assert.Contains("link.create", audit, StringComparison.Ordinal);
        Assert.Contains("link.download", audit, StringComparison.Ordinal);
        Assert.Contains("link.update", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("new horse", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Token, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_drop_box_accepts_files_but_never_lists_or_serves_them()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.MkdirAsync("/inbox");
        await owner.Http.PutFileAsync("/inbox/private.txt", "mine");
        var link = await owner.Http.LinkOkAsync("/inbox", LinkModes.DropBox);

        await AssertStatusAsync(await anonymous.PutAsync(link.Url + "/report.txt", new StringContent("report")), HttpStatusCode.Created);
        await AssertStatusAsync(await anonymous.PostAsync(link.Url + "?name=second.txt", new StringContent("2")), HttpStatusCode.Created);
        // An existing name is neither overwritten nor revealed.
        await AssertStatusAsync(await anonymous.PutAsync(link.Url + "/private.txt", new StringContent("evil")), HttpStatusCode.Created);
        Assert.Equal("mine", await owner.Http.GetStringAsync("/api/v1/files/inbox/private.txt"));
        // It went in whole under a suffixed name: the taken name was refused before the body was read.
        var inbox = await owner.Http.GetFromJsonAsync("/api/v1/folders/inbox", DepotJsonContext.Default.FolderListing);
        var suffixed = Assert.Single(inbox!.Items, e => e.Name.StartsWith("private-", StringComparison.Ordinal)).Name;
        Assert.Equal("evil", await owner.Http.GetStringAsync("/api/v1/files/inbox/" + suffixed));
        Assert.Equal("report", await owner.Http.GetStringAsync("/api/v1/files/inbox/report.txt"));

        await AssertStatusAsync(await anonymous.GetAsync(link.Url), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // A browser without script gets a static upload page at ?form (no script, nothing from the box) and posts a multipart form.
        var page = Visit(HttpMethod.Get, link.Url + "?form");
        page.Headers.Accept.ParseAdd("text/html");
        using (var html = await anonymous.SendAsync(page))
        {
            Assert.Equal(HttpStatusCode.OK, html.StatusCode);
            var text = await html.Content.ReadAsStringAsync();
            Assert.Contains("multipart/form-data", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("private.txt", text, StringComparison.Ordinal);
            Assert.DoesNotContain("inbox", text, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", html.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        }

        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("one"u8.ToArray()), "files", "form-1.txt" },
            { new ByteArrayContent("two"u8.ToArray()), "files", "..\\form-2.txt" },
        };
        await AssertStatusAsync(await anonymous.PostAsync(link.Url, form), HttpStatusCode.Created);
        Assert.Equal("one", await owner.Http.GetStringAsync("/api/v1/files/inbox/form-1.txt"));
        Assert.Equal("two", await owner.Http.GetStringAsync("/api/v1/files/inbox/form-2.txt"));
        await AssertStatusAsync(await anonymous.GetAsync(link.Url + "/private.txt"), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await AssertStatusAsync(await anonymous.PutAsync(link.Url + "/a/b.txt", new StringContent("x")), HttpStatusCode.BadRequest);
        await AssertStatusAsync(await anonymous.PutAsync(link.Url + "/..%2Fescape.txt", new StringContent("x")), HttpStatusCode.NotFound);

        // A file cannot be a drop box; a viewer makes no links; a drop box needs write access.
        await AssertStatusAsync(await owner.Http.LinkAsync("/inbox/private.txt", LinkModes.DropBox), HttpStatusCode.Conflict);
        using var viewer = await server.CreateUserAsync();
        await ShareAndMountAsync(owner, "/inbox", viewer, Roles.Viewer, "in");
        await AssertStatusAsync(await viewer.Http.LinkAsync("/in"), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await AssertStatusAsync(await viewer.Http.LinkAsync("/in", LinkModes.DropBox), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    private static async Task<string> ReadAsync(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"no {name} in zip");
        using var reader = new StreamReader(entry.Open());
        return await reader.ReadToEndAsync();
    }

    private static class AuditActionsNames
    {
        public const string PasswordFailed = "link.password_failed";
    }
}

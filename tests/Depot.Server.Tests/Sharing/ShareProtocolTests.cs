using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Protocol.Sharing;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Sharing;

/// <summary>Shares through WebDAV, ancestry rules, IDOR attempts and the audit trail.</summary>
public sealed class ShareProtocolTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Fact]
    public async Task WebDav_follows_a_mount_with_the_shares_role()
    {
        using var owner = await server.CreateUserAsync();
        using var viewer = await server.CreateUserAsync();
        using var editor = await server.CreateUserAsync();
        using var stranger = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/shared");
        await owner.Http.PutFileAsync("/shared/a.txt", "alpha");
        await ShareAndMountAsync(owner, "/shared", viewer, Roles.Viewer, "s");
        await ShareAndMountAsync(owner, "/shared", editor, Roles.Editor, "s");

        using (var propfind = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/s/"))
        {
            propfind.Headers.Add("Depth", "1");
            using var listed = await viewer.Http.SendAsync(propfind);
            Assert.Equal(HttpStatusCode.MultiStatus, listed.StatusCode);
            Assert.Contains("a.txt", await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // In its parent's listing a mount looks like what it points at: a collection for WebDAV, kind "mount" for REST.
        using (var root = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/"))
        {
            root.Headers.Add("Depth", "1");
            using var listed = await viewer.Http.SendAsync(root);
            var xml = System.Xml.Linq.XDocument.Parse(await listed.Content.ReadAsStringAsync());
            XNamespace d = "DAV:";
            var mount = xml.Descendants(d + "response").Single(r => r.Element(d + "href")!.Value.TrimEnd('/').EndsWith("/s", StringComparison.Ordinal));
            Assert.NotNull(mount.Descendants(d + "collection").FirstOrDefault());
        }

        var rest = await viewer.Http.GetFromJsonAsync("/api/v1/folders/", DepotJsonContext.Default.FolderListing);
        Assert.Equal(NodeKinds.Mount, Assert.Single(rest!.Items, i => i.Name == "s").Kind);

        Assert.Equal("alpha", await viewer.Http.GetStringAsync("/dav/s/a.txt"));
        await AssertStatusAsync(await viewer.Http.PutAsync("/dav/s/b.txt", new StringContent("b")), HttpStatusCode.Forbidden);
        await AssertStatusAsync(await viewer.Http.DeleteAsync("/dav/s/a.txt"), HttpStatusCode.Forbidden);
        await AssertStatusAsync(await stranger.Http.GetAsync("/dav/s/a.txt"), HttpStatusCode.NotFound);
        await AssertStatusAsync(await editor.Http.PutAsync("/dav/s/b.txt", new StringContent("bee")), HttpStatusCode.Created);
        Assert.Equal("bee", await owner.Http.GetStringAsync("/api/v1/files/shared/b.txt"));
    }

    [Fact]
    public async Task Tus_uploads_through_a_mount_follow_the_role_and_count_against_the_owner()
    {
        using var owner = await server.CreateUserAsync(quotaBytes: 10_000);
        using var viewer = await server.CreateUserAsync();
        using var editor = await server.CreateUserAsync(quotaBytes: 5);
        await owner.Http.MkdirAsync("/shared");
        await ShareAndMountAsync(owner, "/shared", viewer, Roles.Viewer, "s");
        await ShareAndMountAsync(owner, "/shared", editor, Roles.Editor, "s");

        using (var refused = await Depot.Server.Tests.Tus.Tus.CreateAsync(viewer.Http, Depot.Server.Tests.Tus.Tus.Metadata(("path", "/s/v.bin")), 3))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        var body = new byte[100];
        Random.Shared.NextBytes(body);
        var url = await Depot.Server.Tests.Tus.Tus.CreatedUrlAsync(editor.Http, "/s/e.bin", body.Length);
        using (var patched = await Depot.Server.Tests.Tus.Tus.PatchAsync(editor.Http, url, 0, body))
        {
            Assert.Equal(HttpStatusCode.NoContent, patched.StatusCode);
        }

        Assert.Equal(body, await owner.Http.GetByteArrayAsync("/api/v1/files/shared/e.bin"));
    }

    [Fact]
    public async Task Moving_out_of_a_shared_folder_unshares_and_cross_owner_moves_are_refused()
    {
        using var owner = await server.CreateUserAsync();
        using var other = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/shared");
        await owner.Http.PutFileAsync("/shared/a.txt", "alpha");
        await ShareAndMountAsync(owner, "/shared", bob, Roles.Editor, "s");
        Assert.Equal("alpha", await bob.Http.GetStringAsync("/api/v1/files/s/a.txt"));

        using (var moved = await owner.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest("/shared/a.txt", "/a.txt", false), DepotJsonContext.Default.MoveRequest))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        await AssertStatusAsync(await bob.Http.GetAsync("/api/v1/files/s/a.txt"), HttpStatusCode.NotFound);

        // Bob has a share from another owner too: moving between the two owners' items is refused.
        await other.Http.MkdirAsync("/theirs");
        await ShareAndMountAsync(other, "/theirs", bob, Roles.Editor, "t");
        await bob.Http.PutFileAsync("/s/x.txt", "x");
        using var cross = await bob.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest("/s/x.txt", "/t/x.txt", false), DepotJsonContext.Default.MoveRequest);
        await AssertStatusAsync(cross, HttpStatusCode.Conflict, ErrorCodes.CrossOwnerMove);
        using var mountIntoShare = await bob.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest("/t", "/s/t", false), DepotJsonContext.Default.MoveRequest);
        await AssertStatusAsync(mountIntoShare, HttpStatusCode.Conflict, ErrorCodes.CrossOwnerMove);
    }

    [Fact]
    public async Task Guessed_ids_of_other_users_items_shares_and_links_answer_404()
    {
        using var owner = await server.CreateUserAsync();
        using var mallory = await server.CreateUserAsync();
        using var admin = await server.CreateAdminHttpClientAsync();
        await owner.Http.MkdirAsync("/private");
        await owner.Http.PutFileAsync("/private/p.txt", "p");
        using var bob = await server.CreateUserAsync();
        var share = await owner.Http.ShareOkAsync("/private", bob.Username, Roles.Viewer);
        var link = await LinkApi.LinkOkAsync(owner.Http, "/private");

        foreach (var http in new[] { mallory.Http, admin })
        {
            using var mount = await http.PostAsJsonAsync("/api/v1/mounts", new CreateMountRequest(share.NodeId, "/stolen"), DepotJsonContext.Default.CreateMountRequest);
            await AssertStatusAsync(mount, HttpStatusCode.NotFound, ErrorCodes.NotFound);
            using var update = await http.PatchAsJsonAsync($"/api/v1/shares/{share.Id}", new UpdateShareRequest(Roles.Manager, null), DepotJsonContext.Default.UpdateShareRequest);
            await AssertStatusAsync(update, HttpStatusCode.NotFound, ErrorCodes.ShareNotFound);
            await AssertStatusAsync(await http.DeleteAsync($"/api/v1/shares/{share.Id}"), HttpStatusCode.NotFound, ErrorCodes.ShareNotFound);
            await AssertStatusAsync(await http.DeleteAsync($"/api/v1/links/{link.Link.Id}"), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
            Assert.DoesNotContain(share.Id, await http.GetStringAsync("/api/v1/shares"), StringComparison.Ordinal);
            Assert.DoesNotContain(link.Link.Id, await http.GetStringAsync("/api/v1/links"), StringComparison.Ordinal);
        }

        // A recipient cannot raise their own share, nor see its management entry.
        using var raise = await bob.Http.PatchAsJsonAsync($"/api/v1/shares/{share.Id}", new UpdateShareRequest(Roles.Manager, null), DepotJsonContext.Default.UpdateShareRequest);
        await AssertStatusAsync(raise, HttpStatusCode.NotFound, ErrorCodes.ShareNotFound);
    }

    [Fact]
    public async Task Share_changes_are_audited_for_the_owner_without_secrets()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/audited");
        var share = await ShareAndMountAsync(owner, "/audited", bob, Roles.Viewer, "a");
        using (var update = await owner.Http.PatchAsJsonAsync($"/api/v1/shares/{share.Id}", new UpdateShareRequest(Roles.Editor, null), DepotJsonContext.Default.UpdateShareRequest))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
            Assert.Equal(Roles.Editor, (await update.Content.ReadFromJsonAsync(DepotJsonContext.Default.ShareInfo))!.Role);
        }

        await AssertStatusAsync(await owner.Http.DeleteAsync($"/api/v1/shares/{share.Id}"), HttpStatusCode.NoContent);
        var link = await LinkApi.LinkOkAsync(owner.Http, "/audited", password: "pw-for-the-link");
        await AssertStatusAsync(await owner.Http.DeleteAsync($"/api/v1/links/{link.Link.Id}"), HttpStatusCode.NoContent);

        var audit = await owner.Http.GetStringAsync("/api/v1/audit?limit=200");
        foreach (var action in new[] { "share.create", "share.update", "share.revoke", "link.create", "link.revoke" })
        {
            Assert.Contains($"\"{action}\"", audit, StringComparison.Ordinal);
        }

        await AssertStatusAsync(await bob.Http.DeleteAsync("/api/v1/files/a"), HttpStatusCode.NoContent);
        var bobs = await bob.Http.GetStringAsync("/api/v1/audit?limit=200");
        Assert.Contains("share.mount", bobs, StringComparison.Ordinal);
        Assert.Contains("share.unmount", bobs, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-for-the-link", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(link.Token, audit, StringComparison.Ordinal);
    }
}

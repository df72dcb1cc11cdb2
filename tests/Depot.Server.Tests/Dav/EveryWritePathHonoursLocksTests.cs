using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.LinkApi;
using static Depot.Server.Tests.Sharing.SharingApi;
using static Depot.Server.Tests.Tus.Tus;

namespace Depot.Server.Tests.Dav;

/// <summary>
/// The lock rule lives in the core's write transaction, so write paths no adapter guarded obey it too: trash restore,
/// mounting a share, a drop-box upload through a public link, and the completion of a tus upload.
/// </summary>
public sealed class EveryWritePathHonoursLocksTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Restoring_from_the_trash_into_a_locked_folder_is_refused()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await user.Http.MkdirAsync("/box");
        await user.Http.PutFileAsync("/box/a.txt", "a");
        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.DeleteAsync("/api/v1/files/box/a.txt")).StatusCode);
        var item = Assert.Single((await user.Http.GetFromJsonAsync("/api/v1/trash", DepotJsonContext.Default.TrashListing))!.Items);
        var token = await dav.LockAsync("/dav/box/", depth: "0");

        await AssertStatusAsync(await user.Http.PostAsync($"/api/v1/trash/{item.Id}/restore", null), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await user.Http.GetAsync("/api/v1/files/box/a.txt"), HttpStatusCode.NotFound);

        using var restore = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/trash/{item.Id}/restore");
        restore.Headers.TryAddWithoutValidation("If", $"(<{token}>)");
        await AssertStatusAsync(await user.Http.SendAsync(restore), HttpStatusCode.OK);
        Assert.Equal("a", await user.Http.GetStringAsync("/api/v1/files/box/a.txt"));
    }

    [Fact]
    public async Task Mounting_a_share_into_a_locked_folder_is_refused()
    {
        using var owner = await server.CreateUserAsync();
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await owner.Http.MkdirAsync("/team");
        var share = await owner.Http.ShareOkAsync("/team", user.Username, "editor");
        await user.Http.MkdirAsync("/shares");
        await dav.LockAsync("/dav/shares/", depth: "0");

        await AssertStatusAsync(await user.Http.PostAsJsonAsync("/api/v1/mounts", new CreateMountRequest(share.NodeId, "/shares/team"),
            DepotJsonContext.Default.CreateMountRequest), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await user.Http.GetAsync("/api/v1/folders/shares/team"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_drop_box_upload_into_a_locked_folder_is_refused()
    {
        using var owner = await server.CreateUserAsync();
        using var dav = DavSession.For(server, owner);
        using var anonymous = server.CreateHttpClient();
        await owner.Http.MkdirAsync("/inbox");
        var link = await owner.Http.LinkOkAsync("/inbox", LinkModes.DropBox);
        var token = await dav.LockAsync("/dav/inbox/", depth: "infinity");

        await AssertStatusAsync(await anonymous.PutAsync(link.Url + "/report.txt", new StringContent("r")), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/files/inbox/report.txt"), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.NoContent, (await dav.SendAsync("UNLOCK", "/dav/inbox/", null, ("Lock-Token", $"<{token}>"))).StatusCode);
        await AssertStatusAsync(await anonymous.PutAsync(link.Url + "/report.txt", new StringContent("r")), HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_tus_upload_completing_into_a_file_locked_since_its_creation_is_refused_and_stays_resumable()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await user.Http.PutFileAsync("/doc.txt", "v1");
        var url = await CreatedUrlAsync(user.Http, "/doc.txt", 2);
        var token = await dav.LockAsync("/dav/doc.txt", depth: "0");

        // The last chunk is stored, but the commit is refused: the file keeps its content, the upload its bytes.
        using (var patch = await PatchAsync(user.Http, url, 0, "v2"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Locked, patch.StatusCode);
            Assert.Contains(ErrorCodes.Locked, await patch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("v1", await user.Http.GetStringAsync("/api/v1/files/doc.txt"));
        using (var head = await HeadAsync(user.Http, url))
        {
            Assert.Equal(HttpStatusCode.Locked, head.StatusCode);
        }

        // With the lock's token, resuming (a HEAD) commits what arrived.
        using var resume = new HttpRequestMessage(HttpMethod.Head, url);
        resume.Headers.Add("Tus-Resumable", Tus.Tus.Version);
        resume.Headers.TryAddWithoutValidation("If", $"(<{token}>)");
        using (var committed = await user.Http.SendAsync(resume))
        {
            Assert.Equal(HttpStatusCode.OK, committed.StatusCode);
            Assert.Equal(2, Offset(committed));
        }

        Assert.Equal("v2", await user.Http.GetStringAsync("/api/v1/files/doc.txt"));
    }

    [Fact]
    public async Task A_webdav_write_refused_by_the_core_names_the_locked_resource()
    {
        using var user = await server.CreateUserAsync();
        using var holder = DavSession.For(server, user);
        await user.Http.MkdirAsync("/box");
        await holder.LockAsync("/dav/box/", depth: "infinity");

        foreach (var response in new[]
        {
            await holder.PutAsync("/dav/box/new.txt", "n"),
            await holder.SendAsync("MKCOL", "/dav/box/sub/"),
            await holder.SendAsync("DELETE", "/dav/box/"),
            await holder.SendAsync("MOVE", "/dav/box/", null, ("Destination", "/dav/moved/")),
        })
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.Locked, response.StatusCode);
                Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
                var body = await response.Content.ReadAsStringAsync();
                Assert.Contains("<D:lock-token-submitted><D:href>/dav/box", body, StringComparison.Ordinal);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/v1/folders/box")).StatusCode);
    }
}

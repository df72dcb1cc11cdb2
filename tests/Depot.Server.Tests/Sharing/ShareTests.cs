using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Sharing;

public sealed class ShareTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Fact]
    public async Task A_recipient_finds_mounts_and_reads_a_shared_folder_and_a_viewer_cannot_write()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/docs");
        await owner.Http.PutFileAsync("/docs/a.txt", "alpha");
        var share = await owner.Http.ShareOkAsync("/docs", bob.Username, Roles.Viewer);
        Assert.Equal("/docs", share.Path);

        var incoming = Assert.Single(await bob.Http.IncomingAsync());
        Assert.Equal(share.Id, incoming.Id);
        Assert.Equal(owner.Username, incoming.Owner);
        Assert.Null(incoming.Path);

        var mount = await bob.Http.MountAsync(incoming.NodeId, "/from-owner");
        Assert.Equal("mount", mount.Kind);
        Assert.Equal("alpha", await bob.Http.GetStringAsync("/api/v1/files/from-owner/a.txt"));
        var listing = await bob.Http.GetFromJsonAsync("/api/v1/folders/from-owner", DepotJsonContext.Default.FolderListing);
        Assert.Contains(listing!.Items, e => e.Name == "a.txt");

        await AssertStatusAsync(await bob.Http.PutAsync("/api/v1/files/from-owner/b.txt", new StringContent("x")), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await AssertStatusAsync(await bob.Http.DeleteAsync("/api/v1/files/from-owner/a.txt"), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // Renaming the owner's folder keeps the share; revoking ends it on the next request.
        using (var moved = await owner.Http.PostAsJsonAsync("/api/v1/moves", new Depot.Protocol.Files.MoveRequest("/docs", "/papers", false),
                   DepotJsonContext.Default.MoveRequest))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        Assert.Equal("alpha", await bob.Http.GetStringAsync("/api/v1/files/from-owner/a.txt"));
        await AssertStatusAsync(await owner.Http.DeleteAsync($"/api/v1/shares/{share.Id}"), HttpStatusCode.NoContent);
        await AssertStatusAsync(await bob.Http.GetAsync("/api/v1/files/from-owner/a.txt"), HttpStatusCode.NotFound);
        Assert.Empty(await bob.Http.IncomingAsync());
    }

    [Fact]
    public async Task An_editor_writes_into_the_share_against_the_owners_quota_and_deletes_to_the_owners_trash()
    {
        using var owner = await server.CreateUserAsync(quotaBytes: 1000);
        using var bob = await server.CreateUserAsync(quotaBytes: 3);
        await owner.Http.MkdirAsync("/team");
        await ShareAndMountAsync(owner, "/team", bob, Roles.Editor, "team");

        await bob.Http.PutFileAsync("/team/big.txt", "more than three bytes");
        Assert.Equal("more than three bytes", await owner.Http.GetStringAsync("/api/v1/files/team/big.txt"));
        await bob.Http.MkdirAsync("/team/sub");
        await AssertStatusAsync(await bob.Http.DeleteAsync("/api/v1/files/team/big.txt"), HttpStatusCode.NoContent);
        var trash = await owner.Http.GetStringAsync("/api/v1/trash");
        Assert.Contains("big.txt", trash, StringComparison.Ordinal);

        // Moving out of the share into the editor's own tree is refused: nodes never change owner.
        await bob.Http.PutFileAsync("/team/c.txt", "c");
        using var move = await bob.Http.PostAsJsonAsync("/api/v1/moves", new Depot.Protocol.Files.MoveRequest("/team/c.txt", "/c.txt", false),
            DepotJsonContext.Default.MoveRequest);
        await AssertStatusAsync(move, HttpStatusCode.Conflict, ErrorCodes.CrossOwnerMove);
    }

    [Fact]
    public async Task A_shared_file_mounts_as_a_file_and_an_editor_overwrites_it()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.PutFileAsync("/report.txt", "v1");
        await ShareAndMountAsync(owner, "/report.txt", bob, Roles.Editor, "their-report.txt");

        Assert.Equal("v1", await bob.Http.GetStringAsync("/api/v1/files/their-report.txt"));
        var listing = await bob.Http.GetFromJsonAsync("/api/v1/folders/", DepotJsonContext.Default.FolderListing);
        var mounted = Assert.Single(listing!.Items, i => i.Name == "their-report.txt");
        Assert.Equal("mount", mounted.Kind);
        Assert.Equal(2, mounted.Size);
        await bob.Http.PutFileAsync("/their-report.txt", "v2 by bob");
        Assert.Equal("v2 by bob", await owner.Http.GetStringAsync("/api/v1/files/report.txt"));

        // The history says who saved each version, newest first.
        var versions = (await owner.Http.GetFromJsonAsync("/api/v1/versions/report.txt", DepotJsonContext.Default.IReadOnlyListVersionInfo))!;
        Assert.Equal([bob.Username, owner.Username], versions.Select(v => v.Author));

        // Deleting the mount removes only the mount.
        await AssertStatusAsync(await bob.Http.DeleteAsync("/api/v1/files/their-report.txt"), HttpStatusCode.NoContent);
        Assert.Equal("v2 by bob", await owner.Http.GetStringAsync("/api/v1/files/report.txt"));
    }

    [Fact]
    public async Task A_group_member_gets_access_and_a_manager_cannot_escalate()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var owner = await server.CreateUserAsync();
        using var carol = await server.CreateUserAsync();
        using var dave = await server.CreateUserAsync();
        var group = "g" + Guid.NewGuid().ToString("N")[..10];
        (await admin.PostAsJsonAsync("/api/v1/groups", new Depot.Protocol.Groups.CreateGroupRequest(group), DepotJsonContext.Default.CreateGroupRequest)).Dispose();
        (await admin.PutAsync($"/api/v1/groups/{group}/members/{carol.Username}", null)).Dispose();
        await owner.Http.MkdirAsync("/p");
        await owner.Http.PutFileAsync("/p/x.txt", "x");
        await owner.Http.ShareOkAsync("/p", null, Roles.Editor, group);

        var incoming = Assert.Single(await carol.Http.IncomingAsync());
        Assert.Equal("group", incoming.GranteeKind);
        await carol.Http.MountAsync(incoming.NodeId, "/p");
        Assert.Equal("x", await carol.Http.GetStringAsync("/api/v1/files/p/x.txt"));

        // An editor cannot share at all; a manager cannot grant more than manager, nor change the owner's grants above them.
        await AssertStatusAsync(await carol.Http.ShareAsync("/p", dave.Username, Roles.Viewer), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await owner.Http.ShareOkAsync("/p", carol.Username, Roles.Manager);
        var reshare = await carol.Http.ShareOkAsync("/p/x.txt", dave.Username, Roles.Viewer);
        Assert.Equal("/p/x.txt", reshare.Path);   // the path in the caller's own tree (through the mount)
        await AssertStatusAsync(await carol.Http.ShareAsync("/p", dave.Username, "owner"), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);

        // A manager's link lives only while they may still share: demoted, it answers 404 at once.
        var managerLink = await LinkApi.LinkOkAsync(carol.Http, "/p/x.txt");
        using var anonymous = server.CreateHttpClient();
        Assert.Equal("x", await anonymous.GetStringAsync(managerLink.Url));
        var carolShare = (await owner.Http.GetFromJsonAsync("/api/v1/shares?path=/p", DepotJsonContext.Default.ShareInfoArray))!
            .Single(s => s.Grantee == carol.Username);
        using (var demote = await owner.Http.PatchAsJsonAsync($"/api/v1/shares/{carolShare.Id}", new UpdateShareRequest(Roles.Viewer, null),
                   DepotJsonContext.Default.UpdateShareRequest))
        {
            Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        }

        await AssertStatusAsync(await anonymous.GetAsync(managerLink.Url), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
        await AssertStatusAsync(await carol.Http.LinkAsync("/p/x.txt"), HttpStatusCode.Forbidden, ErrorCodes.Forbidden);

        // IDOR: other users' share ids are "not found".
        await AssertStatusAsync(await dave.Http.DeleteAsync($"/api/v1/shares/{reshare.Id}"), HttpStatusCode.NotFound, ErrorCodes.ShareNotFound);
        await AssertStatusAsync(await admin.DeleteAsync($"/api/v1/shares/{reshare.Id}"), HttpStatusCode.NotFound, ErrorCodes.ShareNotFound);
        await AssertStatusAsync(await carol.Http.DeleteAsync($"/api/v1/shares/{reshare.Id}"), HttpStatusCode.NotFound, ErrorCodes.ShareNotFound);
        await AssertStatusAsync(await owner.Http.DeleteAsync($"/api/v1/shares/{reshare.Id}"), HttpStatusCode.NoContent);
    }
}

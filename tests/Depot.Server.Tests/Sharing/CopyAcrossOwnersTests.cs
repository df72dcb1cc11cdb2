using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Protocol.Sharing;
using Depot.Server.Tests.Dav;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Sharing;

/// <summary>
/// A copy belongs to the owner of the folder it lands in and is charged to them, wherever it came from (issue 9,
/// point 1): out of a share into one's own tree, from one's own tree into a share, and within a share. Each test ends
/// by recomputing every user's usage from the rows (<see cref="StorageInvariants"/>).
/// </summary>
public sealed class CopyAcrossOwnersTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Manager)]
    public async Task Rest_copy_of_a_file_out_of_a_share_is_the_copiers_own(string role)
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/team");
        await owner.Http.PutFileAsync("/team/a.txt", "alpha-content");
        await ShareAndMountAsync(owner, "/team", bob, role, "team");

        await AssertStatusAsync(await CopyAsync(bob, "/team/a.txt", "/mine.txt"), HttpStatusCode.Created);

        Assert.Equal("alpha-content", await bob.Http.GetStringAsync("/api/v1/files/mine.txt"));
        Assert.Equal(13, await UsedAsync(bob));
        Assert.Equal(13, await UsedAsync(owner));
        await StorageInvariants.AssertHoldAsync(server);

        await AssertStatusAsync(await bob.Http.DeleteAsync("/api/v1/files/mine.txt"), HttpStatusCode.NoContent);
        Assert.Equal("alpha-content", await owner.Http.GetStringAsync("/api/v1/files/team/a.txt"));
        await StorageInvariants.AssertHoldAsync(server);
    }

    [Fact]
    public async Task Rest_copy_of_a_folder_out_of_a_share_is_the_copiers_own_and_purging_it_releases_their_quota()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/team");
        await owner.Http.MkdirAsync("/team/sub");
        await owner.Http.PutFileAsync("/team/a.txt", "12345");
        await owner.Http.PutFileAsync("/team/sub/b.txt", "1234567");
        await ShareAndMountAsync(owner, "/team", bob, Roles.Viewer, "team");

        await AssertStatusAsync(await CopyAsync(bob, "/team", "/copy"), HttpStatusCode.Created);

        Assert.Equal("1234567", await bob.Http.GetStringAsync("/api/v1/files/copy/sub/b.txt"));
        Assert.Equal(12, await UsedAsync(bob));
        Assert.Equal(12, await UsedAsync(owner));
        await StorageInvariants.AssertHoldAsync(server);

        // Bob may write in his copy (a viewer's copy is no longer the share) and delete it to his own trash.
        await bob.Http.PutFileAsync("/copy/sub/c.txt", "xyz");
        await AssertStatusAsync(await bob.Http.DeleteAsync("/api/v1/files/copy"), HttpStatusCode.NoContent);
        await AssertStatusAsync(await bob.Http.DeleteAsync("/api/v1/trash"), HttpStatusCode.NoContent);
        Assert.Equal(0, await UsedAsync(bob));
        Assert.Equal(12, await UsedAsync(owner));
        await StorageInvariants.AssertHoldAsync(server);
    }

    [Fact]
    public async Task Rest_copy_into_a_share_belongs_to_and_is_charged_to_the_sharer()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/team");
        await bob.Http.MkdirAsync("/mine");
        await bob.Http.PutFileAsync("/mine/n.txt", "notes");
        await ShareAndMountAsync(owner, "/team", bob, Roles.Editor, "team");

        await AssertStatusAsync(await CopyAsync(bob, "/mine", "/team/mine"), HttpStatusCode.Created);
        await AssertStatusAsync(await CopyAsync(bob, "/team/mine/n.txt", "/team/n2.txt"), HttpStatusCode.Created);

        Assert.Equal("notes", await owner.Http.GetStringAsync("/api/v1/files/team/mine/n.txt"));
        Assert.Equal("notes", await owner.Http.GetStringAsync("/api/v1/files/team/n2.txt"));
        Assert.Equal(10, await UsedAsync(owner));
        Assert.Equal(5, await UsedAsync(bob));
        await StorageInvariants.AssertHoldAsync(server);

        // The owner can delete what the editor copied in, and purging it gives the space back to the owner.
        await AssertStatusAsync(await owner.Http.DeleteAsync("/api/v1/files/team/mine"), HttpStatusCode.NoContent);
        await AssertStatusAsync(await owner.Http.DeleteAsync("/api/v1/trash"), HttpStatusCode.NoContent);
        Assert.Equal(5, await UsedAsync(owner));
        await StorageInvariants.AssertHoldAsync(server);
    }

    [Fact]
    public async Task WebDav_copy_out_of_a_share_into_ones_own_tree_is_the_copiers_own()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/team");
        await owner.Http.MkdirAsync("/team/sub");
        await owner.Http.PutFileAsync("/team/sub/b.txt", "bravo");
        await ShareAndMountAsync(owner, "/team", bob, Roles.Viewer, "team");
        using var dav = DavSession.For(server, bob);

        using (var copied = await dav.SendAsync("COPY", "/dav/team/sub", null, ("Destination", $"{server.Address}dav/sub-copy")))
        {
            Assert.Equal(HttpStatusCode.Created, copied.StatusCode);
        }

        using (var copied = await dav.SendAsync("COPY", "/dav/team/sub/b.txt", null, ("Destination", $"{server.Address}dav/b.txt")))
        {
            Assert.Equal(HttpStatusCode.Created, copied.StatusCode);
        }

        Assert.Equal("bravo", await dav.Http.GetStringAsync("/dav/sub-copy/b.txt"));
        Assert.Equal("bravo", await dav.Http.GetStringAsync("/dav/b.txt"));
        Assert.Equal(10, await UsedAsync(bob));
        Assert.Equal(5, await UsedAsync(owner));
        await StorageInvariants.AssertHoldAsync(server);

        using (var deleted = await dav.SendAsync("DELETE", "/dav/b.txt"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await StorageInvariants.AssertHoldAsync(server);
    }

    [Fact]
    public async Task WebDav_copy_within_a_share_and_into_it_is_charged_to_the_sharer()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/team");
        await owner.Http.PutFileAsync("/team/a.txt", "alpha");
        await bob.Http.PutFileAsync("/mine.txt", "mine!!");
        await ShareAndMountAsync(owner, "/team", bob, Roles.Editor, "team");
        using var dav = DavSession.For(server, bob);

        using (var copied = await dav.SendAsync("COPY", "/dav/team/a.txt", null, ("Destination", $"{server.Address}dav/team/a2.txt")))
        {
            Assert.Equal(HttpStatusCode.Created, copied.StatusCode);
        }

        using (var copied = await dav.SendAsync("COPY", "/dav/mine.txt", null, ("Destination", $"{server.Address}dav/team/mine.txt")))
        {
            Assert.Equal(HttpStatusCode.Created, copied.StatusCode);
        }

        Assert.Equal("alpha", await owner.Http.GetStringAsync("/api/v1/files/team/a2.txt"));
        Assert.Equal("mine!!", await owner.Http.GetStringAsync("/api/v1/files/team/mine.txt"));
        Assert.Equal(16, await UsedAsync(owner));
        Assert.Equal(6, await UsedAsync(bob));
        await StorageInvariants.AssertHoldAsync(server);
    }

    private static Task<HttpResponseMessage> CopyAsync(TestUser user, string from, string to) =>
        user.Http.PostAsJsonAsync("/api/v1/copies", new MoveRequest(from, to), DepotJsonContext.Default.MoveRequest);

    private static async Task<long> UsedAsync(TestUser user) =>
        (await user.Http.GetFromJsonAsync("/api/v1/me", DepotJsonContext.Default.UserInfo))!.UsedBytes;
}

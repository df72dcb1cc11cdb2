using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Dav;

/// <summary>A WebDAV lock protects the file from REST and tus writes too, unless the lock's token is submitted.</summary>
public sealed class RestHonoursLocksTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task A_locked_file_refuses_rest_writes_without_its_token()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await user.Http.PutFileAsync("/doc.txt", "v1");
        await user.Http.PutFileAsync("/other.txt", "o");
        var token = await dav.LockAsync("/dav/doc.txt", depth: "0");

        await AssertStatusAsync(await user.Http.PutAsync("/api/v1/files/doc.txt", new StringContent("v2")), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await user.Http.DeleteAsync("/api/v1/files/doc.txt"), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await MoveAsync(user, "/doc.txt", "/moved.txt"), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await MoveAsync(user, "/other.txt", "/doc.txt", overwrite: true), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await user.Http.PostAsJsonAsync("/api/v1/copies", new MoveRequest("/other.txt", "/doc.txt", true),
            DepotJsonContext.Default.MoveRequest), HttpStatusCode.Locked, ErrorCodes.Locked);
        using (var tus = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads"))
        {
            tus.Headers.Add("Tus-Resumable", "1.0.0");
            tus.Headers.Add("Upload-Length", "2");
            tus.Headers.Add("Upload-Metadata", "path " + Convert.ToBase64String("/doc.txt"u8));
            await AssertStatusAsync(await user.Http.SendAsync(tus), HttpStatusCode.Locked, ErrorCodes.Locked);
        }

        // Reading and copying *from* it stay free; so does everything else in the tree.
        Assert.Equal("v1", await user.Http.GetStringAsync("/api/v1/files/doc.txt"));
        (await user.Http.PostAsJsonAsync("/api/v1/copies", new MoveRequest("/doc.txt", "/copy.txt"), DepotJsonContext.Default.MoveRequest))
            .EnsureSuccessStatusCode().Dispose();
        await user.Http.PutFileAsync("/other.txt", "o2");

        // The lock holder's token, submitted the WebDAV way, lets the write through.
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/files/doc.txt") { Content = new StringContent("v2") })
        {
            put.Headers.TryAddWithoutValidation("If", $"(<{token}>)");
            (await user.Http.SendAsync(put)).EnsureSuccessStatusCode().Dispose();
        }

        Assert.Equal(HttpStatusCode.NoContent, (await dav.SendAsync("UNLOCK", "/dav/doc.txt", null, ("Lock-Token", $"<{token}>"))).StatusCode);
        await user.Http.PutFileAsync("/doc.txt", "v3");
        Assert.Equal("v3", await user.Http.GetStringAsync("/api/v1/files/doc.txt"));
    }

    [Fact]
    public async Task A_locked_folder_refuses_new_members_and_its_own_removal()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await user.Http.MkdirAsync("/box");
        await user.Http.PutFileAsync("/box/inside.txt", "i");
        await dav.LockAsync("/dav/box/", depth: "infinity");

        await AssertStatusAsync(await user.Http.PutAsync("/api/v1/files/box/new.txt", new StringContent("n")), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await user.Http.PostAsync("/api/v1/folders/box/sub", null), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await user.Http.DeleteAsync("/api/v1/files/box"), HttpStatusCode.Locked, ErrorCodes.Locked);
        await AssertStatusAsync(await user.Http.PutAsync("/api/v1/files/box/inside.txt", new StringContent("x")), HttpStatusCode.Locked, ErrorCodes.Locked);

        // Another user's tree is not affected by this user's locks.
        using var stranger = await server.CreateUserAsync();
        await stranger.Http.MkdirAsync("/box");
        await stranger.Http.PutFileAsync("/box/new.txt", "mine");
    }

    [Fact]
    public async Task Deleting_or_moving_with_the_token_takes_the_lock_away_with_the_item()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        await user.Http.PutFileAsync("/gone.txt", "g");
        await user.Http.PutFileAsync("/moved.txt", "m");
        var goneToken = await dav.LockAsync("/dav/gone.txt", depth: "0");
        var movedToken = await dav.LockAsync("/dav/moved.txt", depth: "0");

        using (var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/files/gone.txt"))
        {
            delete.Headers.TryAddWithoutValidation("If", $"(<{goneToken}>)");
            Assert.Equal(HttpStatusCode.NoContent, (await user.Http.SendAsync(delete)).StatusCode);
        }

        using (var move = new HttpRequestMessage(HttpMethod.Post, "/api/v1/moves")
        {
            Content = JsonContent.Create(new MoveRequest("/moved.txt", "/elsewhere.txt"), DepotJsonContext.Default.MoveRequest),
        })
        {
            move.Headers.TryAddWithoutValidation("If", $"(<{movedToken}>)");
            Assert.Equal(HttpStatusCode.OK, (await user.Http.SendAsync(move)).StatusCode);
        }

        // Nothing stays locked where nothing is: new files at the old paths need no token.
        await user.Http.PutFileAsync("/gone.txt", "new");
        await user.Http.PutFileAsync("/moved.txt", "new");
    }

    private static Task<HttpResponseMessage> MoveAsync(TestUser user, string from, string to, bool overwrite = false) =>
        user.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest(from, to, overwrite), DepotJsonContext.Default.MoveRequest);
}

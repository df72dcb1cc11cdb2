using System.Net;
using System.Xml.Linq;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Dav;

/// <summary>
/// Locks live in the owner's tree: Alice shares /projects/team with Bob as editor and Bob mounts it at /team, so a lock
/// either of them takes on an item holds against the other, whichever path they use, and only its taker's token lifts it.
/// </summary>
public sealed class SharedLockTests(SharedLockTests.Server server) : IClassFixture<SharedLockTests.Server>
{
    private const string Discover = "<D:propfind xmlns:D=\"DAV:\"><D:prop><D:lockdiscovery/></D:prop></D:propfind>";

    [Fact]
    public async Task The_owner_lock_blocks_the_recipient_through_the_mount()
    {
        using var team = await TeamAsync();
        var token = await team.AliceDav.LockAsync("/dav/projects/team/plan.docx", depth: "0");

        using var put = await team.BobDav.PutAsync("/dav/team/plan.docx", "bob's");
        Assert.Equal(HttpStatusCode.Locked, put.StatusCode);
        var body = await put.Content.ReadAsStringAsync();
        Assert.Contains("lock-token-submitted", body);
        Assert.Contains("/dav/team/plan.docx", body);   // the locked resource as Bob names it…
        Assert.DoesNotContain("projects", body);        // …never where it lives in Alice's tree
        Assert.Equal(HttpStatusCode.Locked, (await team.BobDav.SendAsync("DELETE", "/dav/team/plan.docx")).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await team.BobDav.SendAsync("MOVE", "/dav/team/plan.docx", null, ("Destination", "/dav/team/b.docx"))).StatusCode);
        using (var rest = await team.Bob.Http.PutAsync("/api/v1/files/team/plan.docx", new StringContent("bob's")))
        {
            Assert.DoesNotContain("projects", await rest.Content.ReadAsStringAsync());
            await AssertStatusAsync(rest, HttpStatusCode.Locked, ErrorCodes.Locked);
        }

        // Members of the shared folder other than the locked file stay free, and the lock holder writes with its token.
        Assert.Equal(HttpStatusCode.NoContent, (await team.BobDav.PutAsync("/dav/team/notes.txt", "bob's")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.AliceDav.PutAsync("/dav/projects/team/plan.docx", "v2", ("If", $"(<{token}>)"))).StatusCode);
        Assert.Equal("v2", await team.Alice.Http.GetStringAsync("/api/v1/files/projects/team/plan.docx"));
    }

    [Fact]
    public async Task The_recipient_lock_blocks_the_owner_and_a_token_counts_only_for_its_taker()
    {
        using var team = await TeamAsync();
        var bobs = await team.BobDav.LockAsync("/dav/team/plan.docx", depth: "0");
        var alices = await team.AliceDav.LockAsync("/dav/projects/team/notes.txt", depth: "0");

        Assert.Equal(HttpStatusCode.Locked, (await team.AliceDav.PutAsync("/dav/projects/team/plan.docx", "alice's")).StatusCode);
        await AssertStatusAsync(await team.Alice.Http.DeleteAsync("/api/v1/files/projects/team/plan.docx"), HttpStatusCode.Locked, ErrorCodes.Locked);

        // Each one's token, submitted by the other, lifts nothing: not over WebDAV, not over REST.
        Assert.Equal(HttpStatusCode.Locked, (await team.AliceDav.PutAsync("/dav/projects/team/plan.docx", "alice's", ("If", $"(<{bobs}>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await team.BobDav.PutAsync("/dav/team/notes.txt", "bob's", ("If", $"(<{alices}>)"))).StatusCode);
        using (var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/files/team/notes.txt") { Content = new StringContent("bob's") })
        {
            put.Headers.TryAddWithoutValidation("If", $"(<{alices}>)");
            await AssertStatusAsync(await team.Bob.Http.SendAsync(put), HttpStatusCode.Locked, ErrorCodes.Locked);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await team.BobDav.SendAsync("UNLOCK", "/dav/team/notes.txt", null, ("Lock-Token", $"<{alices}>"))).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await team.BobDav.SendAsync("LOCK", "/dav/team/notes.txt", null, ("If", $"(<{alices}>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.BobDav.PutAsync("/dav/team/plan.docx", "bob's", ("If", $"(<{bobs}>)"))).StatusCode);
    }

    [Fact]
    public async Task Shared_locks_coexist_across_users_and_exclusive_ones_conflict()
    {
        using var team = await TeamAsync();
        var alices = await team.AliceDav.LockAsync("/dav/projects/team/plan.docx", "shared", "0");
        var bobs = await team.BobDav.LockAsync("/dav/team/plan.docx", "shared", "0");
        Assert.Equal(HttpStatusCode.Locked, (await team.BobDav.SendAsync("LOCK", "/dav/team/plan.docx", DavSession.LockBody("exclusive"))).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await team.AliceDav.SendAsync("LOCK", "/dav/projects/", DavSession.LockBody("exclusive"))).StatusCode);
        var seen = await team.AliceDav.PropfindAsync("/dav/projects/team/plan.docx", "0", Discover);
        Assert.Equal(2, seen.Descendants(DavSession.D + "activelock").Count());

        // Either holder of a shared lock may write with its own token (RFC 4918 §6.2); nobody may without one.
        Assert.Equal(HttpStatusCode.NoContent, (await team.BobDav.PutAsync("/dav/team/plan.docx", "bob's", ("If", $"(<{bobs}>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.AliceDav.PutAsync("/dav/projects/team/plan.docx", "alice's", ("If", $"(<{alices}>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await team.AliceDav.PutAsync("/dav/projects/team/plan.docx", "nobody's")).StatusCode);

        await team.BobDav.LockAsync("/dav/team/notes.txt", "exclusive", "0");
        Assert.Equal(HttpStatusCode.Locked, (await team.AliceDav.SendAsync("LOCK", "/dav/projects/team/notes.txt", DavSession.LockBody("shared"))).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await team.AliceDav.SendAsync("LOCK", "/dav/projects/team/notes.txt", DavSession.LockBody("exclusive"))).StatusCode);
    }

    [Fact]
    public async Task Folder_locks_reach_through_the_mount_both_ways()
    {
        using var team = await TeamAsync();
        var above = await team.AliceDav.LockAsync("/dav/projects/");
        Assert.Equal(HttpStatusCode.Locked, (await team.BobDav.PutAsync("/dav/team/new.txt", "n")).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await team.BobDav.SendAsync("MKCOL", "/dav/team/sub/")).StatusCode);
        await AssertStatusAsync(await team.Bob.Http.PostAsync("/api/v1/folders/team/sub", null), HttpStatusCode.Locked, ErrorCodes.Locked);
        Assert.Equal(HttpStatusCode.NoContent, (await team.AliceDav.SendAsync("UNLOCK", "/dav/projects/", null, ("Lock-Token", $"<{above}>"))).StatusCode);

        // A lock on the mount point locks the owner's folder, deep.
        var mine = await team.BobDav.LockAsync("/dav/team/");
        Assert.Equal(HttpStatusCode.Locked, (await team.AliceDav.PutAsync("/dav/projects/team/plan.docx", "a")).StatusCode);
        Assert.Equal(HttpStatusCode.Locked, (await team.AliceDav.SendAsync("DELETE", "/dav/projects/team/")).StatusCode);
        var seen = await team.AliceDav.PropfindAsync("/dav/projects/team/plan.docx", "0", Discover);
        Assert.Equal("/dav/projects/team", LockRoots(seen).Single());
        Assert.Equal(HttpStatusCode.Created, (await team.BobDav.PutAsync("/dav/team/new.txt", "n", ("If", $"</dav/team/> (<{mine}>)"))).StatusCode);
    }

    [Fact]
    public async Task Lockdiscovery_shows_the_recipient_lock_roots_in_their_own_tree_only()
    {
        using var team = await TeamAsync();
        await team.AliceDav.LockAsync("/dav/projects/team/", "shared");
        await team.AliceDav.LockAsync("/dav/projects/", "shared");

        var inside = await team.BobDav.PropfindAsync("/dav/team/", "1", Discover);
        Assert.Equal(3, DavSession.Responses(inside).Count());   // the folder, plan.docx, notes.txt
        foreach (var response in DavSession.Responses(inside))
        {
            // Alice's lock on the shared folder is Bob's /team; hers on /projects cannot be named in Bob's tree, so it
            // shows as the resource itself.
            var href = response.Element(DavSession.D + "href")!.Value;
            Assert.Equal(["/dav/team", href.TrimEnd('/')], LockRoots(response).Order());
        }

        Assert.DoesNotContain("projects", inside.ToString());
        var root = await team.BobDav.PropfindAsync("/dav/", "1", Discover);
        var mount = DavSession.Responses(root).Single(r => r.Element(DavSession.D + "href")!.Value == "/dav/team/");
        Assert.Equal(["/dav/team", "/dav/team"], LockRoots(mount));
        Assert.DoesNotContain("projects", root.ToString());
    }

    [Fact]
    public async Task Revoking_the_share_keeps_the_owner_lock_and_the_recipient_sees_nothing()
    {
        using var team = await TeamAsync();
        var token = await team.AliceDav.LockAsync("/dav/projects/team/plan.docx", depth: "0");
        var bobs = await team.BobDav.LockAsync("/dav/team/notes.txt", depth: "0");
        Assert.Single(LockRoots(await team.BobDav.PropfindAsync("/dav/team/plan.docx", "0", Discover)));

        await AssertStatusAsync(await team.Alice.Http.DeleteAsync($"/api/v1/shares/{team.Share.Id}"), HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.NotFound, (await team.BobDav.SendAsync("PROPFIND", "/dav/team/plan.docx", Discover, ("Depth", "0"))).StatusCode);
        var root = await team.BobDav.PropfindAsync("/dav/", "1", Discover);
        Assert.Empty(root.Descendants(DavSession.D + "activelock"));

        Assert.Equal(HttpStatusCode.Locked, (await team.AliceDav.PutAsync("/dav/projects/team/plan.docx", "a")).StatusCode);
        Assert.Equal(token, LockTokens(await team.AliceDav.PropfindAsync("/dav/projects/team/plan.docx", "0", Discover)).Single());

        // Bob's lock outlives his access; the owner may remove it with the token lockdiscovery shows her.
        Assert.Equal(bobs, LockTokens(await team.AliceDav.PropfindAsync("/dav/projects/team/notes.txt", "0", Discover)).Single());
        Assert.Equal(HttpStatusCode.NoContent, (await team.AliceDav.SendAsync("UNLOCK", "/dav/projects/team/notes.txt", null, ("Lock-Token", $"<{bobs}>"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.AliceDav.PutAsync("/dav/projects/team/notes.txt", "a")).StatusCode);
    }

    [Fact]
    public async Task Unlock_or_move_by_the_taker_frees_the_item_for_both()
    {
        using var team = await TeamAsync();
        var token = await team.AliceDav.LockAsync("/dav/projects/team/plan.docx", depth: "0");
        Assert.Equal(HttpStatusCode.NoContent, (await team.AliceDav.SendAsync("UNLOCK", "/dav/projects/team/plan.docx", null, ("Lock-Token", $"<{token}>"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.BobDav.PutAsync("/dav/team/plan.docx", "bob's")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.AliceDav.PutAsync("/dav/projects/team/plan.docx", "alice's")).StatusCode);

        // Bob's move through the mount releases his lock where it lives, under the old path in Alice's tree.
        var bobs = await team.BobDav.LockAsync("/dav/team/notes.txt", depth: "0");
        Assert.Equal(HttpStatusCode.Created, (await team.BobDav.SendAsync("MOVE", "/dav/team/notes.txt", null,
            ("Destination", "/dav/team/renamed.txt"), ("If", $"(<{bobs}>)"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await team.AliceDav.PutAsync("/dav/projects/team/notes.txt", "again")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await team.AliceDav.PutAsync("/dav/projects/team/renamed.txt", "free")).StatusCode);
    }

    [Fact]
    public async Task The_lock_limit_counts_what_a_user_locked_in_every_tree()
    {
        using var team = await TeamAsync();
        await team.Bob.Http.PutFileAsync("/own.txt", "o");
        await team.BobDav.LockAsync("/dav/team/plan.docx", depth: "0");
        await team.BobDav.LockAsync("/dav/team/notes.txt", depth: "0");
        await team.BobDav.LockAsync("/dav/own.txt", depth: "0");
        using (var fourth = await team.BobDav.SendAsync("LOCK", "/dav/more.txt", DavSession.LockBody("exclusive")))
        {
            Assert.Equal(HttpStatusCode.Locked, fourth.StatusCode);   // only one of Bob's three is in his own tree
        }

        // Bob's locks in Alice's tree are not hers: she still takes her three.
        await team.AliceDav.LockAsync("/dav/projects/a.txt", expected: 201);
        await team.AliceDav.LockAsync("/dav/projects/b.txt", expected: 201);
        await team.AliceDav.LockAsync("/dav/projects/c.txt", expected: 201);
    }

    private static IEnumerable<string> LockRoots(XContainer xml) =>
        xml.Descendants(DavSession.D + "lockroot").Select(r => r.Element(DavSession.D + "href")!.Value);

    private static IEnumerable<string> LockTokens(XContainer xml) =>
        xml.Descendants(DavSession.D + "locktoken").Select(r => r.Element(DavSession.D + "href")!.Value);

    /// <summary>Alice's /projects/team (plan.docx, notes.txt), shared with Bob as editor and mounted at his /team.</summary>
    private async Task<Team> TeamAsync()
    {
        var alice = await server.CreateUserAsync();
        var bob = await server.CreateUserAsync();
        await alice.Http.MkdirAsync("/projects");
        await alice.Http.MkdirAsync("/projects/team");
        await alice.Http.PutFileAsync("/projects/team/plan.docx", "v1");
        await alice.Http.PutFileAsync("/projects/team/notes.txt", "n1");
        var share = await ShareAndMountAsync(alice, "/projects/team", bob, "editor", "team");
        return new Team(alice, bob, DavSession.For(server, alice), DavSession.For(server, bob), share);
    }

    private sealed record Team(TestUser Alice, TestUser Bob, DavSession AliceDav, DavSession BobDav, ShareInfo Share) : IDisposable
    {
        public void Dispose()
        {
            AliceDav.Dispose();
            BobDav.Dispose();
            Alice.Dispose();
            Bob.Dispose();
        }
    }

    /// <summary>Three live locks per user, so the limit test reaches it quickly; no other test here takes more than two.</summary>
    public sealed class Server : DepotServer
    {
        protected override IEnumerable<string> ExtraArguments => ["--Depot:Locks:MaxPerUser=3"];
    }
}

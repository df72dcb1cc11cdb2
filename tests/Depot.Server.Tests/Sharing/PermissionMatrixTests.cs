using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Files;
using Depot.Protocol.Sharing;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.LinkApi;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Sharing;

/// <summary>
/// Every (principal × action) on a shared folder through the REST API and the link page, over sockets, with its exact
/// status. Users reach the folder through a mount named like the owner's folder; an invisible item answers 404 (a
/// missing parent of a write: 409 parent_not_found, exactly as for a folder that does not exist); a visible item the
/// role may not change answers 403.
/// </summary>
public sealed class PermissionMatrixTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    public enum Principal { Owner, Viewer, Editor, Manager, GroupEditor, Revoked, Expired, Stranger, Admin, LinkRead, LinkDropBox, LinkPasswordless, LinkRevoked }

    public enum Act { List, Read, Zip, Upload, Overwrite, Mkdir, Rename, Delete, Share, Link }

    private const int Ok = 200, Created = 201, NoContent = 204, Unauthorized = 401, Forbidden = 403, NotFound = 404, Conflict = 409;

    // Columns in Act order.
    private static readonly Dictionary<Principal, int[]> Expected = new()
    {
        [Principal.Owner] = [Ok, Ok, Ok, Created, Ok, Created, Ok, NoContent, Created, Created],
        [Principal.Viewer] = [Ok, Ok, Ok, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden],
        [Principal.Editor] = [Ok, Ok, Ok, Created, Ok, Created, Ok, NoContent, Forbidden, Forbidden],
        [Principal.Manager] = [Ok, Ok, Ok, Created, Ok, Created, Ok, NoContent, Created, Created],
        [Principal.GroupEditor] = [Ok, Ok, Ok, Created, Ok, Created, Ok, NoContent, Forbidden, Forbidden],
        [Principal.Revoked] = [NotFound, NotFound, NotFound, Conflict, Conflict, Conflict, NotFound, NotFound, NotFound, NotFound],
        [Principal.Expired] = [NotFound, NotFound, NotFound, Conflict, Conflict, Conflict, NotFound, NotFound, NotFound, NotFound],
        [Principal.Stranger] = [NotFound, NotFound, NotFound, Conflict, Conflict, Conflict, NotFound, NotFound, NotFound, NotFound],
        [Principal.Admin] = [NotFound, NotFound, NotFound, Conflict, Conflict, Conflict, NotFound, NotFound, NotFound, NotFound],
        // Anonymous: List = GET /s/{t} (the folder as zip), Read = GET /s/{t}/{file}, Upload = PUT /s/{t}/{new},
        // Zip = GET /s/{t} with a HEAD; everything else goes to the REST API without credentials.
        [Principal.LinkRead] = [Ok, Ok, Ok, Forbidden, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized],
        [Principal.LinkDropBox] = [Forbidden, Forbidden, Forbidden, Created, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized],
        [Principal.LinkPasswordless] = [Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized],
        [Principal.LinkRevoked] = [NotFound, NotFound, NotFound, NotFound, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized],
    };

    public static TheoryData<Principal, Act> Cases()
    {
        var data = new TheoryData<Principal, Act>();
        foreach (var principal in Enum.GetValues<Principal>())
        {
            foreach (var act in Enum.GetValues<Act>())
            {
                data.Add(principal, act);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_principal_gets_exactly_its_status_for_each_action(Principal principal, Act act)
    {
        var world = await World.GetAsync(server);
        var n = Interlocked.Increment(ref World.Counter);
        var file = $"c{n}.txt";
        await world.Owner.Http.PutFileAsync($"/shared/{file}", "content " + n);

        var status = await RunAsync(world, principal, act, file, n);
        Assert.True(Expected[principal][(int)act] == status, $"{principal} {act}: expected {Expected[principal][(int)act]}, got {status}");
    }

    private static async Task<int> RunAsync(World world, Principal principal, Act act, string file, int n)
    {
        if (world.Links.TryGetValue(principal, out var url))
        {
            using var anonymous = world.Server.CreateHttpClient();
            using var response = act switch
            {
                Act.List or Act.Zip => await anonymous.SendAsync(Visit(act == Act.Zip ? HttpMethod.Head : HttpMethod.Get, url)),
                Act.Read => await anonymous.GetAsync($"{url}/{file}"),
                Act.Upload => await anonymous.PutAsync($"{url}/new-{n}.txt", new StringContent("dropped")),
                _ => await SendAsync(anonymous, act, "/shared", file, n, world.Stranger.Username),
            };
            return (int)response.StatusCode;
        }

        var http = principal switch
        {
            Principal.Owner => world.Owner.Http,
            Principal.Admin => world.AdminHttp,
            _ => world.Users[principal].Http,
        };
        using var result = await SendAsync(http, act, "/shared", file, n, world.Stranger.Username);
        return (int)result.StatusCode;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, Act act, string folder, string file, int n, string someone) => act switch
    {
        Act.List => http.GetAsync($"/api/v1/folders{folder}"),
        Act.Read => http.GetAsync($"/api/v1/files{folder}/{file}"),
        Act.Zip => http.GetAsync($"/api/v1/archives{folder}"),
        Act.Upload => http.PutAsync($"/api/v1/files{folder}/new-{n}.txt", new StringContent("new")),
        Act.Overwrite => http.PutAsync($"/api/v1/files{folder}/{file}", new StringContent("changed")),
        Act.Mkdir => http.PostAsync($"/api/v1/folders{folder}/d{n}", null),
        Act.Rename => http.PostAsJsonAsync("/api/v1/moves", new MoveRequest($"{folder}/{file}", $"{folder}/r{n}.txt", false), DepotJsonContext.Default.MoveRequest),
        Act.Delete => http.DeleteAsync($"/api/v1/files{folder}/{file}"),
        Act.Share => http.ShareAsync($"{folder}/{file}", someone, Roles.Viewer),
        Act.Link => http.LinkAsync($"{folder}/{file}"),
        _ => throw new ArgumentOutOfRangeException(nameof(act)),
    };

    /// <summary>One owner, one shared folder, a recipient per role, mounts, links: built once per server.</summary>
    private sealed class World
    {
        public static int Counter;
        private static readonly SemaphoreSlim Gate = new(1, 1);
        private static readonly Dictionary<DepotServer, World> Built = [];

        public required DepotServer Server { get; init; }
        public required TestUser Owner { get; init; }
        public required TestUser Stranger { get; init; }
        public required HttpClient AdminHttp { get; init; }
        public Dictionary<Principal, TestUser> Users { get; } = [];
        public Dictionary<Principal, string> Links { get; } = [];

        public static async Task<World> GetAsync(DepotServer server)
        {
            await Gate.WaitAsync();
            try
            {
                if (!Built.TryGetValue(server, out var world))
                {
                    world = await BuildAsync(server);
                    Built[server] = world;
                }

                return world;
            }
            finally
            {
                Gate.Release();
            }
        }

        private static async Task<World> BuildAsync(DepotServer server)
        {
            var world = new World
            {
                Server = server, Owner = await server.CreateUserAsync(), Stranger = await server.CreateUserAsync(),
                AdminHttp = await server.CreateAdminHttpClientAsync(),
            };
            var owner = world.Owner.Http;
            await owner.MkdirAsync("/shared");
            foreach (var (principal, role) in new[] { (Principal.Viewer, Roles.Viewer), (Principal.Editor, Roles.Editor), (Principal.Manager, Roles.Manager) })
            {
                var user = world.Users[principal] = await server.CreateUserAsync();
                await ShareAndMountAsync(world.Owner, "/shared", user, role, "shared");
            }

            var member = world.Users[Principal.GroupEditor] = await server.CreateUserAsync();
            var group = "mx" + Guid.NewGuid().ToString("N")[..10];
            (await world.AdminHttp.PostAsJsonAsync("/api/v1/groups", new Depot.Protocol.Groups.CreateGroupRequest(group), DepotJsonContext.Default.CreateGroupRequest)).Dispose();
            (await world.AdminHttp.PutAsync($"/api/v1/groups/{group}/members/{member.Username}", null)).Dispose();
            var groupShare = await owner.ShareOkAsync("/shared", null, Roles.Editor, group);
            await member.Http.MountAsync(groupShare.NodeId, "/shared");

            var revoked = world.Users[Principal.Revoked] = await server.CreateUserAsync();
            var revokedShare = await ShareAndMountAsync(world.Owner, "/shared", revoked, Roles.Editor, "shared");
            (await owner.DeleteAsync($"/api/v1/shares/{revokedShare.Id}")).Dispose();

            var expired = world.Users[Principal.Expired] = await server.CreateUserAsync();
            var expiring = await owner.ShareOkAsync("/shared", expired.Username, Roles.Editor, expiresAt: DateTimeOffset.UtcNow.AddSeconds(1.5));
            await expired.Http.MountAsync(expiring.NodeId, "/shared");
            world.Users[Principal.Stranger] = world.Stranger;

            world.Links[Principal.LinkRead] = (await owner.LinkOkAsync("/shared")).Url;
            world.Links[Principal.LinkDropBox] = (await owner.LinkOkAsync("/shared", LinkModes.DropBox)).Url;
            world.Links[Principal.LinkPasswordless] = (await owner.LinkOkAsync("/shared", password: "link-password")).Url;
            var gone = await owner.LinkOkAsync("/shared");
            (await owner.DeleteAsync($"/api/v1/links/{gone.Link.Id}")).Dispose();
            world.Links[Principal.LinkRevoked] = gone.Url;

            await Task.Delay(TimeSpan.FromSeconds(1.6));
            return world;
        }
    }
}

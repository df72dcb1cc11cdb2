using System.Net;
using Dapper;
using Depot.Core.Data;
using Depot.Server.Tests.Dav;
using Depot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// A real full disk (a tmpfs the fixture mounts under the data folder): every write path answers 507, nothing is left
/// half-written, and once space returns the same process serves writes and <c>/readyz</c> again, without a restart.
/// </summary>
public sealed class FullDiskTests(SmallDiskDepotServer server) : IClassFixture<SmallDiskDepotServer>
{
    private static string Proppatch(string value) =>
        $"<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"urn:test\"><D:set><D:prop><Z:note>{value}</Z:note></D:prop></D:set></D:propertyupdate>";

    [RootFact]
    public async Task Every_write_on_a_full_disk_answers_507_and_the_server_recovers_once_space_returns()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        using var anonymous = server.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Created, (await user.Http.PutAsync("/api/v1/files/a.txt", new StringContent("original"))).StatusCode);
        var upload = await Tus.Tus.CreatedUrlAsync(user.Http, "/tus.bin", 128 * 1024);

        await ShrinkWriteAheadLogAsync();
        var filled = TmpfsMount.Fill(server.FillerPath);
        Assert.True(filled > 0);
        var big = new byte[256 * 1024];
        Random.Shared.NextBytes(big);

        var statuses = new Dictionary<string, int>
        {
            ["REST PUT"] = await StatusAsync(user.Http.PutAsync("/api/v1/files/a.txt", new ByteArrayContent(big))),
            ["REST PUT new"] = await StatusAsync(user.Http.PutAsync("/api/v1/files/new.txt", new ByteArrayContent(big))),
            ["REST mkdir"] = await StatusAsync(user.Http.PostAsync("/api/v1/folders/made", null)),
            ["DAV PUT"] = await StatusAsync(dav.SendWithContentAsync("PUT", "/dav/a.txt", new ByteArrayContent(big))),
            ["DAV PROPPATCH"] = await StatusAsync(dav.SendAsync("PROPPATCH", "/dav/a.txt", Proppatch(new string('x', 3000)))),
            ["DAV MKCOL"] = await StatusAsync(dav.SendAsync("MKCOL", "/dav/dir/")),
            ["DAV COPY"] = await StatusAsync(dav.SendAsync("COPY", "/dav/a.txt", null, ("Destination", $"{server.Address}dav/b.txt"))),
            ["tus POST"] = await StatusAsync(Tus.Tus.CreateAsync(user.Http, Tus.Tus.Metadata(("path", "/t2.bin")), big.Length, big)),
            ["tus PATCH"] = await StatusAsync(Tus.Tus.PatchAsync(user.Http, upload, 0, big[..(128 * 1024)])),
        };

        Assert.All(statuses, s => Assert.True(s.Value == 507, $"{s.Key} answered {s.Value} on a full disk, not 507"));
        Assert.Equal("original", await user.Http.GetStringAsync("/api/v1/files/a.txt"));
        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.GetAsync("/api/v1/files/new.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.GetAsync("/api/v1/files/b.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.GetAsync("/api/v1/nodes/made")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Probe.WaitForAsync(anonymous, "/readyz", HttpStatusCode.ServiceUnavailable)).Status);

        File.Delete(server.FillerPath);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.Http.PutAsync("/api/v1/files/a.txt", new ByteArrayContent(big))).StatusCode);
        Assert.Equal(big, await user.Http.GetByteArrayAsync("/api/v1/files/a.txt"));
        Assert.Equal(207, await StatusAsync(dav.SendAsync("PROPPATCH", "/dav/a.txt", Proppatch("fine"))));
        Assert.Equal(201, await StatusAsync(dav.SendAsync("MKCOL", "/dav/dir/")));
        Assert.Equal(201, await StatusAsync(dav.SendAsync("COPY", "/dav/a.txt", null, ("Destination", $"{server.Address}dav/b.txt"))));
        Assert.Equal(204, await StatusAsync(Tus.Tus.PatchAsync(user.Http, upload, 0, big[..(128 * 1024)])));
        Assert.Equal(big[..(128 * 1024)], await user.Http.GetByteArrayAsync("/api/v1/files/tus.bin"));
    }

    // A checkpoint that truncates the WAL, so the next metadata write needs new pages on the full disk instead of
    // reusing frames the WAL file already has (which would let small writes succeed and hide the path under test).
    private async Task ShrinkWriteAheadLogAsync()
    {
        var database = server.Services.GetRequiredService<IDatabase>();
        await using var connection = await database.OpenAsync(default);
        await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    private static async Task<int> StatusAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        return (int)response.StatusCode;
    }
}

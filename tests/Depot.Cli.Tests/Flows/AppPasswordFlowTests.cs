using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Depot.Cli.Output;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary><c>depot app-passwords</c>: create one for a WebDAV client, see it listed, revoke it.</summary>
public sealed class AppPasswordFlowTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Create_use_list_and_revoke_an_app_password()
    {
        var user = await server.CreateUserAsync();
        using var cli = new CliRunner().With("DEPOT_PASSWORD", user.Password);
        await cli.RunAsync("login", server.Address.AbsoluteUri, "--username", user.Username).ShouldSucceedAsync();

        var created = await cli.RunAsync("app-passwords", "create", "phone").ShouldSucceedAsync();
        var secret = created.Out.Trim();
        Assert.Contains("/dav/", created.Error);
        using var dav = server.CreateHttpClient();
        dav.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user.Username}:{secret}")));
        using var propfind = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/") { Headers = { { "Depth", "0" } } };
        Assert.Equal(HttpStatusCode.MultiStatus, (await dav.SendAsync(propfind)).StatusCode);

        var listed = await cli.RunAsync("app-passwords", "ls", "--json").ShouldSucceedAsync();
        var phone = Assert.Single(JsonSerializer.Deserialize(listed.Out, CliJsonContext.Default.IReadOnlyListAppPasswordInfo)!);
        Assert.Equal("phone", phone.Name);
        Assert.NotNull(phone.LastUsedAt);

        await cli.RunAsync("app-passwords", "revoke", phone.Id).ShouldSucceedAsync();
        using var again = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/") { Headers = { { "Depth", "0" } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await dav.SendAsync(again)).StatusCode);
        await cli.RunAsync("app-passwords", "revoke", phone.Id).ShouldFailWithAsync(ExitCodes.NotFound);
    }
}

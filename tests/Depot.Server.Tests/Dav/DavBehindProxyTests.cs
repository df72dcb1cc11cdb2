using System.Net;
using Depot.Testing;

namespace Depot.Server.Tests.Dav;

/// <summary>A server behind a trusted proxy: the forwarded address and scheme decide whether Basic may be used.</summary>
public sealed class DavBehindProxyTests(DavBehindProxyTests.ProxiedServer server) : IClassFixture<DavBehindProxyTests.ProxiedServer>
{
    [Fact]
    public async Task Basic_over_plain_http_from_another_machine_is_refused_without_a_challenge()
    {
        using var user = await server.CreateUserAsync();
        using var dav = DavSession.For(server, user);
        using var plain = await dav.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"), ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "http"));
        Assert.Equal(HttpStatusCode.Forbidden, plain.StatusCode);
        Assert.Empty(plain.Headers.WwwAuthenticate);

        using var tls = await dav.SendAsync("PROPFIND", "/dav/", null, ("Depth", "0"), ("X-Forwarded-For", "203.0.113.7"), ("X-Forwarded-Proto", "https"));
        Assert.Equal(207, (int)tls.StatusCode);
    }

    public sealed class ProxiedServer : DepotServer
    {
        protected override IEnumerable<string> ExtraArguments => ["--Depot:Proxy:TrustedProxies:0=127.0.0.1"];
    }
}

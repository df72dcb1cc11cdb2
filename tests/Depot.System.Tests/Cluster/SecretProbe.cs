using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Depot.System.Tests.Cluster;

/// <summary>
/// Whether a node accepts a secret (a bearer token, or a user name and password over HTTP Basic): one PROPFIND Depth 0
/// of the WebDAV root, the one request that takes both kinds alike.
/// </summary>
internal static class SecretProbe
{
    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    public static AuthenticationHeaderValue Basic(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, AuthenticationHeaderValue credentials)
    {
        using var request = new HttpRequestMessage(new HttpMethod("PROPFIND"), "/dav/");
        request.Headers.Authorization = credentials;
        request.Headers.Add("Depth", "0");
        return await http.SendAsync(request);
    }

    /// <summary>Accepted twice through each client: the second request on a node is answered from its cache.</summary>
    public static async Task AcceptedByAllAsync(AuthenticationHeaderValue credentials, params HttpClient[] nodes)
    {
        foreach (var http in nodes.Concat(nodes))
        {
            using var response = await SendAsync(http, credentials);
            Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        }
    }

    /// <summary>
    /// How long after the call the node behind <paramref name="http"/> starts refusing the secret: when the first request
    /// it refused was sent. Not when that answer came: a refused password is checked against its hash again, which on a
    /// loaded machine takes a while of its own after the node already stopped accepting it. One kept-alive client (a new
    /// connection per poll would add its own delay). Bounded: past 5 s the cluster signal did not arrive (the token
    /// cache's own lifetime is 30 s).
    /// </summary>
    public static async Task<TimeSpan> RefusedAfterAsync(HttpClient http, AuthenticationHeaderValue credentials)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var sent = clock.Elapsed;
            using var response = await SendAsync(http, credentials);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return sent;
            }

            Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{http.BaseAddress} still accepts the revoked secret");
            await Task.Delay(10);
        }
    }
}

using System.Diagnostics;
using System.Net;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// Graceful drain (issue 12): once the host is told to stop, /readyz fails at once while the node still serves for
/// the drain delay, telling each client to close its connection; then it stops listening.
/// </summary>
public sealed class DrainTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-drain-");

    [Fact]
    public async Task Stopping_fails_readiness_at_once_serves_through_the_drain_delay_then_stops_listening()
    {
        var server = await StandaloneServer.StartAsync(_data.FullName, "--urls=http://127.0.0.1:0", "--Depot:Shutdown:DrainDelay=00:00:03");
        var address = server.Address;
        using (var before = await GetAsync(address, "/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.False(before.Headers.ConnectionClose ?? false);
        }

        var clock = Stopwatch.StartNew();
        var stopping = server.DisposeAsync().AsTask();

        using (var ready = await GetAsync(address, "/readyz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.True(ready.Headers.ConnectionClose);
        }

        using (var live = await GetAsync(address, "/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.True(live.Headers.ConnectionClose);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the checks took {clock.Elapsed}, past the drain delay");
        Assert.False(stopping.IsCompleted);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.9), $"stopped after {clock.Elapsed}, before the drain delay");
        await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(address, "/healthz"));
    }

    private static async Task<HttpResponseMessage> GetAsync(Uri address, string path)
    {
        // A new connection per request: a kept-alive one would hide whether the listener still accepts.
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetAsync(path);
    }

    public void Dispose() => _data.Delete(recursive: true);
}

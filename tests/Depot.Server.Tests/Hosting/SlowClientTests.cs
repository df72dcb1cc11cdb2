using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Depot.Testing;

namespace Depot.Server.Tests.Hosting;

/// <summary>Limits that need their own server: short timeouts, a data folder that disappears.</summary>
public sealed class SlowClientTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-slow-");

    [Fact]
    public async Task Connection_that_never_finishes_its_headers_is_closed_after_the_headers_timeout()
    {
        await using var server = await StandaloneServer.StartAsync(_data.FullName,
            "--urls=http://127.0.0.1:0", "--Depot:Limits:RequestHeadersTimeout=00:00:02");
        using var client = new TcpClient();
        await client.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = client.GetStream();
        var clock = Stopwatch.StartNew();

        // Slowloris: a request line, one header, and then nothing.
        await stream.WriteAsync("GET /healthz HTTP/1.1\r\nHost: x\r\n"u8.ToArray());
        var answer = await ReadToEndAsync(stream, TimeSpan.FromSeconds(20));

        Assert.StartsWith("HTTP/1.1 408", answer);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Readiness_fails_but_liveness_holds_when_the_data_folder_is_gone()
    {
        await using var server = await StandaloneServer.StartAsync(_data.FullName, "--urls=http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = server.Address };
        using (var before = await http.GetAsync("/readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        _data.Delete(recursive: true);
        var (ready, body) = await Probe.WaitForAsync(http, "/readyz", HttpStatusCode.ServiceUnavailable);   // the answer before may stand a second
        using var live = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready);
        Assert.Equal("Unhealthy", body);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        var received = new MemoryStream();
        var buffer = new byte[1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(received.ToArray());
    }

    public void Dispose()
    {
        if (_data.Exists)
        {
            _data.Delete(recursive: true);
        }
    }
}

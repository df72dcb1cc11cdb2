using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Depot.Protocol.Sharing;
using Depot.Server.Tests.Files;
using Depot.Server.Tests.Sharing;
using Depot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// A client's mistakes get their own 4xx and one log line below error level, never a 500 with a stack trace
/// (issue 9, point 8).
/// </summary>
public sealed class ClientMistakeTests(ClientMistakeTests.Server server) : IClassFixture<ClientMistakeTests.Server>
{
    /// <summary>Keeps its log, and cuts off a stalled body after two seconds instead of thirty.</summary>
    public sealed class Server : DepotServer
    {
        public LogSink Logs { get; } = new();

        protected override IEnumerable<string> ExtraArguments => ["--Depot:Limits:MinRequestBodyGracePeriod=00:00:02"];

        protected override void OnBuilt(WebApplication app) => app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
    }

    [Fact]
    public async Task A_malformed_chunked_body_answers_400_with_one_line_and_no_stack_trace()
    {
        using var user = await server.CreateUserAsync();
        var head = $"PUT /api/v1/files/chunked.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {user.Token}\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        var answer = await SendRawAsync(Encoding.ASCII.GetBytes(head + "zz\r\nhello\r\n0\r\n\r\n"), closeAfterSending: false);

        Assert.StartsWith("HTTP/1.1 400", answer);
        AssertLoggedOnce("/api/v1/files/chunked.bin", 400);
    }

    [Fact]
    public async Task A_stalled_body_answers_408()
    {
        using var user = await server.CreateUserAsync();
        var head = $"PUT /api/v1/files/stalled.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {user.Token}\r\nContent-Length: 100000\r\n\r\n";
        var answer = await SendRawAsync([.. Encoding.ASCII.GetBytes(head), .. new byte[100]], closeAfterSending: false);

        Assert.StartsWith("HTTP/1.1 408", answer);
        AssertLoggedOnce("/api/v1/files/stalled.bin", 408);
        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.GetAsync("/api/v1/nodes/stalled.bin")).StatusCode);
    }

    [Theory]
    [InlineData("truncated", "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"\r\n\r\nhalf a fi")]
    [InlineData("no-headers-end", "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.txt\"")]
    [InlineData("garbage", "\u0001\u0002 not multipart at all")]
    [InlineData("huge-header", "--b\r\nX: ")]
    public async Task A_malformed_multipart_post_to_a_drop_box_answers_400(string kind, string body)
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.MkdirAsync("/inbox");
        var link = await owner.Http.LinkOkAsync("/inbox", LinkModes.DropBox);
        var bytes = Encoding.UTF8.GetBytes(kind == "huge-header" ? body + new string('x', 20_000) : body);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await anonymous.PostAsync(link.Url, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Errors());
    }

    [Fact]
    public async Task A_drop_box_post_with_an_overlong_boundary_answers_400()
    {
        using var owner = await server.CreateUserAsync();
        using var anonymous = server.CreateHttpClient();
        await owner.Http.MkdirAsync("/inbox");
        var link = await owner.Http.LinkOkAsync("/inbox", LinkModes.DropBox);
        using var content = new StringContent("--x");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={new string('b', 71)}");

        using var response = await anonymous.PostAsync(link.Url, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Errors());
    }

    [Fact]
    public async Task A_client_that_goes_away_mid_body_gets_an_info_line_and_no_error()
    {
        using var user = await server.CreateUserAsync();
        var before = (await StoredContent.ListAsync(server.DataPath)).Count;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(server.Address.Host, server.Address.Port);
            var head = $"PUT /api/v1/files/gone.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {user.Token}\r\nContent-Length: 20000000\r\n\r\n";
            // More than an S3 part (8 MiB), so on S3 too the server has begun storing the body when the client goes.
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head).Concat(new byte[9 * 1024 * 1024]).ToArray());
            // Reset only once the server is writing the blob: an earlier reset could discard the request unread.
            var during = await StoredContent.WaitUntilAsync(server.DataPath, stored => stored.Count > before, TimeSpan.FromSeconds(15));
            Assert.True(during.Count > before, "the upload never started");
            client.Client.LingerState = new LingerOption(true, 0);   // RST, like a crashed client
        }

        await WaitUntilAsync(() => server.Logs.Lines.Any(l => l.EventId is 1100 or 1101 && l.Text.Contains("/gone.bin", StringComparison.Ordinal)),
            () => string.Join("\n", server.Logs.Lines.Where(l => l.Text.Contains("gone.bin", StringComparison.Ordinal)).Select(l => l.Text)));
        Assert.Empty(Errors());
    }

    private IEnumerable<string> Errors() => server.Logs.Lines.Where(l => l.Level >= LogLevel.Error).Select(l => l.Text);

    private void AssertLoggedOnce(string path, int status)
    {
        var lines = server.Logs.Lines.Where(l => l.EventId == 1102 && l.Text.Contains(path, StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains($"{status}", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", line.Text, StringComparison.Ordinal);
        Assert.Empty(Errors());
    }

    private async Task<string> SendRawAsync(byte[] request, bool closeAfterSending)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Address.Host, server.Address.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, timeout.Token);
        if (closeAfterSending)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        return await RawHttp.ReadToEndAsync(stream, timeout.Token);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Func<string> explain)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"The condition did not hold within 15 s: {explain()}");
            await Task.Delay(50);
        }
    }
}

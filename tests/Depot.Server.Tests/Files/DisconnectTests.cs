using System.Net;
using System.Net.Sockets;
using System.Text;
using Depot.Testing;

namespace Depot.Server.Tests.Files;

public sealed class DisconnectTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task Client_that_disconnects_mid_upload_leaves_nothing()
    {
        using var alice = await server.CreateUserAsync();
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(server.Address.Host, server.Address.Port);
            var stream = client.GetStream();
            var head = $"PUT /api/v1/files/partial.bin HTTP/1.1\r\nHost: {server.Address.Authority}\r\n" +
                $"Authorization: Bearer {alice.Token}\r\nContent-Length: {20 * 1024 * 1024}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            // More than an S3 part (8 MiB), so on S3 too the server has begun storing the body when the client goes.
            await stream.WriteAsync(new byte[9 * 1024 * 1024]);
            await stream.FlushAsync();
            // Wait until the server has started writing the blob, so the abandon path is what is tested.
            await WaitUntilAsync(async () => await StoredObjectsAsync() > 0);
            client.Client.LingerState = new LingerOption(true, 0);   // RST, like a crashed client
        }

        await WaitUntilAsync(async () => await StoredObjectsAsync() == 0);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.GetAsync("/api/v1/nodes/partial.bin")).StatusCode);
        var versions = await alice.Http.GetAsync("/api/v1/versions/partial.bin");
        Assert.Equal(HttpStatusCode.NotFound, versions.StatusCode);
    }

    private async Task<int> StoredObjectsAsync() => (await StoredContent.ListAsync(server.DataPath)).Count;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(50);
        }
    }
}

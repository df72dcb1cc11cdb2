using System.Net;
using System.Net.Sockets;
using System.Text;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests;

/// <summary>
/// A client that vanishes mid-upload: a raw socket declares 10 MB, sends 3 MB and closes (politely with FIN, or
/// abortively with RST). Nothing may be stored: no file, no quota used, no blob left in the data folder.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class DisconnectTests(ITestOutputHelper output)
{
    private const int Declared = 10_000_000;
    private const int Sent = 3_000_000;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_cut_off_mid_body_stores_nothing(bool reset)
    {
        await using var depot = await DepotProcess.StartNewAsync(output);
        using var alice = await depot.CreateUserAsync();
        using (var seed = await alice.Http.UploadAsync("/kept/first.txt", FilesApi.Bytes("kept"u8.ToArray())))
        {
            Assert.True(seed.IsSuccessStatusCode, $"seed upload answered {(int)seed.StatusCode}");
        }

        var usedBefore = (await alice.Http.MeAsync()).UsedBytes;
        var filesBefore = DataFolder.ContentFiles(depot.DataPath);

        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, depot.Address.Port));
            var head = $"PUT {FilesApi.Route("files", "/cut/abandoned.bin")}?parents=true HTTP/1.1\r\n" +
                $"Host: 127.0.0.1:{depot.Address.Port}\r\nAuthorization: Bearer {alice.Token}\r\n" +
                $"Content-Type: application/octet-stream\r\nContent-Length: {Declared}\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(head), SocketFlags.None);
            var chunk = new byte[64 * 1024];
            new Random(7).NextBytes(chunk);
            for (var sent = 0; sent < Sent; sent += chunk.Length)
            {
                await socket.SendAsync(chunk.AsMemory(0, Math.Min(chunk.Length, Sent - sent)), SocketFlags.None);
            }

            // The server is storing the body by now: a new file in the data folder shows it got that far.
            var during = await DataFolder.WaitUntilAsync(depot.DataPath, f => f.Count > filesBefore.Count, TimeSpan.FromSeconds(5));
            output.WriteLine($"while the body streamed: {during.Count} content files (before: {filesBefore.Count})");

            if (reset)
            {
                socket.LingerState = new LingerOption(true, 0); // close sends RST
            }
            else
            {
                socket.Shutdown(SocketShutdown.Both);
            }
        }

        // The server notices the abort asynchronously; it must then remove what it wrote.
        var after = await DataFolder.WaitUntilAsync(depot.DataPath, f => f.Count == filesBefore.Count, Settle);
        Assert.True(after.Count == filesBefore.Count,
            $"{Settle.TotalSeconds:0} s after the client went away the data folder holds {after.Count} content files, before the upload {filesBefore.Count}:" +
            $"{Environment.NewLine}{DataFolder.Describe(depot.DataPath, after)}");

        var download = await alice.Http.DownloadAsync("/cut/abandoned.bin");
        Assert.Equal(HttpStatusCode.NotFound, download.Status);
        await foreach (var node in alice.Http.WalkAsync("/"))
        {
            Assert.NotEqual("/cut/abandoned.bin", node.Path);
        }

        Assert.Equal(usedBefore, (await alice.Http.MeAsync()).UsedBytes);

        // Nothing is stuck (no lock, no half row): the same path takes a complete upload.
        using var retry = await alice.Http.UploadAsync("/cut/abandoned.bin", FilesApi.Bytes(new byte[1234]));
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(usedBefore + 1234, (await alice.Http.MeAsync()).UsedBytes);
    }
}

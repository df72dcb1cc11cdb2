using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Tus;

/// <summary>
/// The server is killed (SIGKILL) in the middle of a PATCH: after the restart the upload's offset covers only bytes
/// that are on disk and correct, and the client resumes from it to a byte-identical file.
/// </summary>
public sealed class TusCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_a_crash_mid_patch_the_offset_covers_only_durable_bytes_and_the_upload_resumes()
    {
        // Checkpoints every 64 KiB so the crash lands between several; a 3 s lease so the dead writer's lock frees soon.
        await using var server = new DepotProcess(output, extraArguments: ["--Depot:Uploads:CheckpointBytes=65536", "--Depot:Uploads:LockLease=00:00:03"]);
        await server.StartAsync();
        var user = await server.CreateUserAsync();
        var data = new byte[4 * 1024 * 1024];
        Random.Shared.NextBytes(data);
        string url;
        using (var http = server.CreateHttpClient(user.Token))
        {
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads");
            create.Headers.Add("Tus-Resumable", "1.0.0");
            create.Headers.Add("Upload-Length", data.Length.ToString());
            create.Headers.Add("Upload-Metadata", "path " + Convert.ToBase64String("/crash.bin"u8.ToArray()));
            using var created = await http.SendAsync(create);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            url = created.Headers.Location!.OriginalString;
        }

        using (var client = new TcpClient())
        {
            await client.ConnectAsync(server.Address.Host, server.Address.Port);
            var head = $"PATCH {url} HTTP/1.1\r\nHost: {server.Address.Authority}\r\nAuthorization: Bearer {user.Token}\r\nTus-Resumable: 1.0.0\r\n" +
                $"Upload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: {data.Length}\r\n\r\n";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
            // Not a multiple of the checkpoint: the last bytes reach the file but no checkpoint covers them.
            await client.GetStream().WriteAsync(data.AsMemory(0, 2 * 1024 * 1024 + 1000));
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (await OffsetAsync(server, user.Token, url) < 1024 * 1024)
            {
                Assert.True(DateTime.UtcNow < deadline, "the server did not checkpoint the chunk");
                await Task.Delay(50);
            }

            await server.KillAsync();
        }

        await server.StartAsync();
        var offset = await OffsetAsync(server, user.Token, url);
        output.WriteLine($"offset after the crash: {offset}");
        Assert.InRange(offset, 1024 * 1024, 2 * 1024 * 1024 + 1000);
        if (!TestStorage.UseS3)
        {
            // On disk the offset's bytes are visibly there; on S3 they are staged objects and parts, proven below by the
            // resumed upload, which sends only what follows the offset and must end with the whole content.
            var partial = await File.ReadAllBytesAsync(Path.Combine(server.DataPath, "uploads", url.Split('/')[^1]));
            output.WriteLine($"partial file: {partial.Length} bytes");
            Assert.True(partial.Length >= offset);
            Assert.True(partial.AsSpan(0, (int)offset).SequenceEqual(data.AsSpan(0, (int)offset)));
        }

        using var resume = server.CreateHttpClient(user.Token);
        HttpStatusCode status;
        var until = DateTime.UtcNow.AddSeconds(20);
        do
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = new ByteArrayContent(data, (int)offset, data.Length - (int)offset) };
            patch.Headers.Add("Tus-Resumable", "1.0.0");
            patch.Headers.Add("Upload-Offset", offset.ToString());
            patch.Content.Headers.ContentType = new MediaTypeHeaderValue("application/offset+octet-stream");
            using var response = await resume.SendAsync(patch);
            status = response.StatusCode;
            if (status == HttpStatusCode.Locked)
            {
                Assert.True(DateTime.UtcNow < until, "the dead writer's lock never expired");
                await Task.Delay(250);
            }
        }
        while (status == HttpStatusCode.Locked);

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Equal(data, await resume.GetByteArrayAsync("/api/v1/files/crash.bin"));
    }

    private static async Task<long> OffsetAsync(DepotProcess server, string token, string url)
    {
        using var http = server.CreateHttpClient(token);
        using var head = new HttpRequestMessage(HttpMethod.Head, url);
        head.Headers.Add("Tus-Resumable", "1.0.0");
        using var response = await http.SendAsync(head);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return long.Parse(response.Headers.GetValues("Upload-Offset").Single());
    }
}

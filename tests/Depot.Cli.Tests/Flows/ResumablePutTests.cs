using System.Net;
using System.Text.Json;
using Depot.Cli.Transfers;
using Depot.Client;
using Depot.Testing;

namespace Depot.Cli.Tests.Flows;

/// <summary>Large files go by tus; an interrupted <c>depot put</c> run again resumes the same upload and ends byte-identical.</summary>
public sealed class ResumablePutTests(DepotServer server) : IClassFixture<DepotServer>
{
    private const int Chunk = 16 * 1024 * 1024;   // ResumeOptions.ChunkBytes

    [Fact]
    public async Task An_interrupted_put_resumes_its_upload_when_run_again()
    {
        var user = await server.CreateUserAsync();
        using var cli = new CliRunner().With("DEPOT_PASSWORD", user.Password);
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", user.Username).ShouldSucceedAsync();
        var local = Path.Combine(cli.WorkingDirectory, "big.bin");
        var data = new byte[2 * Chunk + 123_457];
        Random.Shared.NextBytes(data);
        await File.WriteAllBytesAsync(local, data);

        // Stops (exit 130) once the server confirmed the first chunk; the upload URL stays in uploads.json.
        await cli.With(ResumableUploader.InterruptHook, "1").RunAsync("put", local, "/big.bin", "--resumable-above", "1M")
            .ShouldFailWithAsync(ExitCodes.Interrupted);
        var store = Path.Combine(cli.ConfigDirectory, "uploads.json");
        var url = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(store))!.Values.Single();
        Assert.Equal(Chunk, await OffsetAsync(user, url));
        Assert.Equal(HttpStatusCode.NotFound, (await user.Http.GetAsync("/api/v1/nodes/big.bin")).StatusCode);

        await cli.With(ResumableUploader.InterruptHook, null).RunAsync("put", local, "/big.bin", "--resumable-above", "1M").ShouldSucceedAsync();

        // The same upload finished (its record reports every byte), the record is gone, and the file is intact.
        Assert.Equal(data.Length, await OffsetAsync(user, url));
        Assert.Empty(JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(store))!);
        Assert.Equal(data, await user.Http.GetByteArrayAsync("/api/v1/files/big.bin"));
    }

    [Fact]
    public async Task A_changed_file_starts_a_new_upload_instead_of_resuming_the_old_one()
    {
        var user = await server.CreateUserAsync();
        using var cli = new CliRunner().With("DEPOT_PASSWORD", user.Password);
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", user.Username).ShouldSucceedAsync();
        var local = Path.Combine(cli.WorkingDirectory, "changing.bin");
        await File.WriteAllBytesAsync(local, new byte[Chunk + 10]);
        await cli.With(ResumableUploader.InterruptHook, "1").RunAsync("put", local, "/changing.bin", "--resumable-above", "1M")
            .ShouldFailWithAsync(ExitCodes.Interrupted);

        var changed = new byte[Chunk + 10];
        Random.Shared.NextBytes(changed);
        await File.WriteAllBytesAsync(local, changed);
        File.SetLastWriteTimeUtc(local, DateTime.UtcNow.AddMinutes(1));
        await cli.With(ResumableUploader.InterruptHook, null).RunAsync("put", local, "/changing.bin", "--resumable-above", "1M").ShouldSucceedAsync();
        Assert.Equal(changed, await user.Http.GetByteArrayAsync("/api/v1/files/changing.bin"));
    }

    [Fact]
    public async Task The_client_resumes_from_a_stored_upload_url_and_uses_tus_above_its_threshold()
    {
        var user = await server.CreateUserAsync();
        using var http = server.CreateHttpClient();
        var client = new DepotClient(http, new DepotClientOptions { ResumableThreshold = 1 }) { AccessToken = user.Token };
        var data = new byte[300_000];
        Random.Shared.NextBytes(data);

        Uri? created = null;
        var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => client.Files.UploadResumableAsync("/c.bin", new MemoryStream(data),
            resume: new ResumeOptions { ChunkBytes = 100_000, Created = url => created = url, ChunkDone = _ => throw new InvalidOperationException("stop") }));
        Assert.Equal("stop", stopped.Message);
        Assert.Equal(100_000, await OffsetAsync(user, created!.AbsoluteUri));

        var node = await client.Files.UploadResumableAsync("/c.bin", new MemoryStream(data), resume: new ResumeOptions { UploadUrl = created, ChunkBytes = 100_000 });
        Assert.Equal(data.Length, node.Size);
        Assert.Equal(data, await user.Http.GetByteArrayAsync("/api/v1/files/c.bin"));

        // Above the threshold, plain UploadAsync goes by tus too (and commits like a PUT: a second version).
        var again = await client.Files.UploadAsync("/c.bin", new MemoryStream(data[..1000]), new UploadOptions { IfMatch = node.ETag });
        Assert.Equal(1000, again.Size);
        var stale = await Assert.ThrowsAsync<DepotApiException>(() => client.Files.UploadAsync("/c.bin", new MemoryStream(data), new UploadOptions { IfMatch = node.ETag }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    private static async Task<long> OffsetAsync(TestUser user, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, url);
        request.Headers.Add("Tus-Resumable", "1.0.0");
        using var response = await user.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return long.Parse(response.Headers.GetValues("Upload-Offset").Single());
    }
}

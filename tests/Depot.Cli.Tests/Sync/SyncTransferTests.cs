using System.Security.Cryptography;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Depot.Cli.Transfers;
using Depot.Cli.Tests.Flows;
using Depot.Testing;

namespace Depot.Cli.Tests.Sync;

/// <summary>Sync downloads through <c>depot get</c>'s part files (an interrupted one resumes) and draws put/get's progress bars.</summary>
public sealed class SyncTransferTests(DepotServer server) : IClassFixture<DepotServer>
{
    private const int Size = 3 * 1024 * 1024;

    [Fact]
    public async Task An_interrupted_download_resumes_from_its_part_file_and_a_corrupt_part_never_becomes_the_file()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        var bytes = RandomNumberGenerator.GetBytes(Size);
        var source = Path.Combine(web.WorkingDirectory, "big.bin");
        await File.WriteAllBytesAsync(source, bytes);
        await web.RunAsync("put", source, "/rs/big.bin").ShouldSucceedAsync();
        var part = laptop.PathOf($".big.bin.{PartKey(bytes)}.depot-part");

        // A part holding wrong bytes is used (so the range was asked for), fails the full check and is discarded.
        await File.WriteAllBytesAsync(part, new byte[Size / 2]);
        var corrupt = await laptop.SyncAsync("/rs").ShouldFailWithAsync(ExitCodes.Error);
        Assert.Contains("does not match its SHA-256", corrupt.Error);
        Assert.False(File.Exists(laptop.PathOf("big.bin")));

        // As if a pass had been interrupted after half the file: the next pass fetches the rest.
        await File.WriteAllBytesAsync(part, bytes[..(Size / 2)]);
        var resumed = await laptop.SyncAsync("/rs").ShouldSucceedAsync();
        Assert.Contains("1 downloaded", resumed.Out);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(laptop.PathOf("big.bin")));
        Assert.False(File.Exists(part));
        Assert.Equal(["big.bin"], laptop.Files().Keys);
    }

    [Fact]
    public async Task Transfers_draw_progress_bars_on_a_terminal_and_none_with_json()
    {
        var (web, username) = await CliUsers.SignUpAsync(server);
        using var _web = web;
        using var laptop = await SyncMachine.LoginAsync(server, username, "laptop");
        // Large enough to outlast the bars' first refresh (100 ms) on a fast machine.
        await File.WriteAllBytesAsync(laptop.PathOf("big.bin"), RandomNumberGenerator.GetBytes(64 * 1024 * 1024));
        laptop.Cli.ShowProgress = true;

        var shown = await laptop.SyncAsync("/pb").ShouldSucceedAsync();
        Assert.Contains("total", shown.Error);
        Assert.Contains("MiB", shown.Error);
        Assert.Contains("upload        big.bin", shown.Out);   // the action line still comes, after the bars
        Assert.Contains("1 uploaded", shown.Out);

        using var desktop = await SyncMachine.LoginAsync(server, username, "desktop");
        desktop.Cli.ShowProgress = true;
        var json = await desktop.SyncAsync("/pb", "--json").ShouldSucceedAsync();
        Assert.Equal("", json.Error);
        Assert.Equal(["big.bin"], SyncEvents.Parse(json).Of("download"));
    }

    [Fact]
    public async Task An_interrupted_large_upload_resumes_on_the_next_pass()
    {
        const int Chunk = 16 * 1024 * 1024;   // ResumeOptions.ChunkBytes
        var user = await server.CreateUserAsync();
        using var cli = new CliRunner().With("DEPOT_PASSWORD", user.Password);
        await cli.RunAsync("login", server.Address.AbsoluteUri, "-u", user.Username).ShouldSucceedAsync();
        var folder = Path.Combine(cli.WorkingDirectory, "laptop");
        Directory.CreateDirectory(folder);
        var bytes = RandomNumberGenerator.GetBytes(2 * Chunk + 4321);
        await File.WriteAllBytesAsync(Path.Combine(folder, "big.bin"), bytes);

        // The pass stops (exit 130) once the server confirmed the first chunk; the upload URL stays in uploads.json.
        await cli.With(ResumableUploader.InterruptHook, "1").RunAsync("sync", folder, "/ru", "--resumable-above", "1M")
            .ShouldFailWithAsync(ExitCodes.Interrupted);
        var store = Path.Combine(cli.ConfigDirectory, "uploads.json");
        var url = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(store))!.Values.Single();
        Assert.Equal(Chunk.ToString(CultureInfo.InvariantCulture), await OffsetAsync(user.Http, url));

        var resumed = await cli.With(ResumableUploader.InterruptHook, null).RunAsync("sync", folder, "/ru", "--resumable-above", "1M")
            .ShouldSucceedAsync();

        // The same upload finished: its record reports every byte, the URL is forgotten, and the file is whole.
        Assert.Contains("1 uploaded", resumed.Out);
        Assert.Equal(bytes.Length.ToString(CultureInfo.InvariantCulture), await OffsetAsync(user.Http, url));
        Assert.Empty(JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllTextAsync(store))!);
        Assert.Equal(bytes, await user.Http.GetByteArrayAsync("/api/v1/files/ru/big.bin"));
    }

    private static async Task<string?> OffsetAsync(HttpClient http, string url)
    {
        using var head = new HttpRequestMessage(HttpMethod.Head, url);
        head.Headers.Add("Tus-Resumable", "1.0.0");
        using var response = await http.SendAsync(head);
        return response.Headers.TryGetValues("Upload-Offset", out var values) ? values.Single() : null;
    }

    private static string PartKey(byte[] content)
    {
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sha256)))[..12];
    }
}

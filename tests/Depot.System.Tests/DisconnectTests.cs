using System.Net;
using System.Security.Cryptography;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests;

/// <summary>
/// Clients that vanish mid-upload. Whatever the moment, the server must end up with the whole file or with
/// nothing: no file, no quota used and no blob left in the data folder for an upload that did not commit.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class DisconnectTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Upload_cut_off_mid_body_stores_nothing(bool reset)
    {
        // 9 MB sent: more than an S3 part (8 MiB), so on S3 too the server has begun storing the body when the client goes.
        const int declared = 20_000_000, sent = 9_000_000;
        await using var depot = await DepotProcess.StartNewAsync(output);
        using var alice = await depot.CreateUserAsync();
        using (var first = await alice.Http.UploadAsync("/kept/first.txt", FilesApi.Bytes("kept"u8.ToArray())))
        {
            Assert.True(first.IsSuccessStatusCode, $"first upload answered {(int)first.StatusCode}");
        }

        var usedBefore = (await alice.Http.MeAsync()).UsedBytes;
        var filesBefore = await StoredContent.ListAsync(depot.DataPath);

        using (var upload = await RawUpload.StartAsync(depot.Address, alice.Token, "/cut/abandoned.bin", declared))
        {
            await upload.SendAsync(sent);
            // The server is storing the body by now: a new file in the data folder (a multipart upload on S3) shows it got that far.
            var during = await StoredContent.WaitUntilAsync(depot.DataPath, f => f.Count > filesBefore.Count, TimeSpan.FromSeconds(5));
            output.WriteLine($"while the body streamed: {during.Count} content files (before: {filesBefore.Count})");
            upload.Close(reset);
        }

        // The server notices the abort asynchronously; it must then remove what it wrote.
        var after = await StoredContent.WaitUntilAsync(depot.DataPath, f => f.Count == filesBefore.Count, Settle);
        Assert.True(after.Count == filesBefore.Count,
            $"{Settle.TotalSeconds:0} s after the client went away the data folder holds {after.Count} content files, before the upload {filesBefore.Count}:" +
            $"{Environment.NewLine}{StoredContent.Describe(after)}");

        Assert.Equal(HttpStatusCode.NotFound, (await alice.Http.DownloadAsync("/cut/abandoned.bin")).Status);
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

    [Fact]
    public async Task Upload_abandoned_right_after_its_last_byte_is_stored_whole_or_not_at_all()
    {
        // The abort races the server's fsync and commit: some of these commit, some do not. Each must be consistent.
        const int size = 1024 * 1024, attempts = 12;
        await using var depot = await DepotProcess.StartNewAsync(output);
        using var alice = await depot.CreateUserAsync();
        var usedBefore = (await alice.Http.MeAsync()).UsedBytes;
        var filesBefore = (await StoredContent.ListAsync(depot.DataPath)).Count;
        var sha = Convert.ToHexStringLower(SHA256.HashData(RawUpload.Content(size)));
        var paths = Enumerable.Range(0, attempts).Select(i => $"/race/f{i:00}.bin").ToList();

        for (var i = 0; i < attempts; i++)
        {
            var mark = depot.OutputMark;
            using (var upload = await RawUpload.StartAsync(depot.Address, alice.Token, paths[i], size))
            {
                await upload.SendAsync(size);
                await Task.Delay(i % 4 * 5); // 0–15 ms: before, during and after the server's commit
                upload.Close(reset: true);
            }

            // The request log line is written once the server is done with the request, deletes included. An RST
            // that arrives before Kestrel read the request discards it unseen: then there is no line at all.
            try
            {
                var logged = await depot.WaitForOutputAsync($"PUT {FilesApi.Route("files", paths[i])} ", mark, TimeSpan.FromSeconds(3));
                output.WriteLine($"{paths[i]}: {logged[(logged.IndexOf("PUT ", StringComparison.Ordinal) + 4)..]}");
            }
            catch (TimeoutException)
            {
                output.WriteLine($"{paths[i]}: the server never saw the request");
            }
        }

        var stored = 0;
        foreach (var path in paths)
        {
            var download = await alice.Http.DownloadAsync(path);
            output.WriteLine($"{path}: GET {(int)download.Status}");
            if (download.Status == HttpStatusCode.OK)
            {
                Assert.True(download.Sha256 == sha && download.Length == size, $"{path}: stored {download.Length} B sha256 {download.Sha256}, sent {size} B sha256 {sha}");
                stored++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotFound, download.Status);
            }
        }

        output.WriteLine($"{stored} of {attempts} abandoned uploads committed");
        var files = await StoredContent.WaitUntilAsync(depot.DataPath, f => f.Count == filesBefore + stored, Settle);
        Assert.True(files.Count == filesBefore + stored,
            $"{attempts} abandoned uploads of which {stored} were stored, and the data folder holds {files.Count} content files, expected {filesBefore + stored}:" +
            $"{Environment.NewLine}{StoredContent.Describe(files)}");
        Assert.Equal(usedBefore + ((long)stored * size), (await alice.Http.MeAsync()).UsedBytes);
    }
}

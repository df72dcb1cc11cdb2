using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Operations;

/// <summary>
/// Issue 11, moving data: <c>depot-server migrate-blobs --to s3</c> copies a single-node installation's local blob folder
/// into a bucket (Ceph RGW), verified by SHA-256, and a server restarted with the s3 provider serves every file from the
/// bucket alone. A run that finds part of the work done continues it (an object of the wrong size is replaced); a
/// damaged or missing local blob is named and makes the exit code 1; it refuses to run beside a server.
/// </summary>
[Collection(nameof(ProcessCollection))]
public sealed class MigrateBlobsTests(ITestOutputHelper output)
{
    // The first server must use the data folder's blobs/ even when the suite runs on S3 (DEPOT_TEST_STORAGE=s3).
    private static readonly string[] Local = ["--Depot:Storage:Provider=local"];

    [Fact]
    public async Task A_local_installation_moved_to_s3_serves_every_file_byte_identically_from_the_bucket_alone()
    {
        await using var before = new DepotProcess(output, extraArguments: Local);
        await before.StartAsync();
        using var alice = await before.CreateUserAsync();
        // 9 MiB and a bit: more than one 8 MiB part, so the copy is a multipart upload; an empty file; an older version.
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["docs/report.txt"] = "first draft"u8.ToArray(),
            ["docs/empty.bin"] = [],
            ["media/large.bin"] = RandomNumberGenerator.GetBytes(9 * 1024 * 1024 + 123),
            ["media/medium.bin"] = RandomNumberGenerator.GetBytes(300_000),
        };
        foreach (var (path, bytes) in files)
        {
            await PutAsync(alice.Http, path, bytes);
        }

        files["docs/report.txt"] = "final report"u8.ToArray();
        await PutAsync(alice.Http, "docs/report.txt", files["docs/report.txt"]);
        await before.KillAsync();
        var blobs = LocalBlobs(before.DataPath);
        var bucket = S3Server.Shared.CreateBucket("move");

        var moved = await MigrateAsync(before.DataPath, bucket);

        Assert.Equal(0, moved.ExitCode);
        Assert.Matches($@"(?m)^blobs in the metadata\s+{blobs.Count}$", moved.StandardOutput);
        Assert.Matches($@"(?m)^copied and verified\s+{blobs.Count}\s", moved.StandardOutput);
        Assert.Contains("--Depot:Storage:Provider=s3", moved.StandardOutput);
        Assert.DoesNotContain(S3Server.SecretKey, moved.Output);
        Assert.Equal(blobs.Count, LocalBlobs(before.DataPath).Count); // the local files are kept
        Assert.Equal(blobs.Keys.Order(StringComparer.Ordinal), await BucketIdsAsync(bucket));

        // Out of the way, so what the server serves can only come from the bucket.
        Directory.Move(Path.Combine(before.DataPath, "blobs"), Path.Combine(before.DataPath, "blobs.moved"));
        await using var after = new DepotProcess(output, dataPath: before.DataPath, extraArguments: S3Server.Shared.DepotArguments(bucket));
        await after.StartAsync();
        using var http = after.CreateHttpClient(alice.Token);
        foreach (var (path, bytes) in files)
        {
            Assert.Equal(bytes, await http.GetByteArrayAsync($"/api/v1/files/{path}"));
        }

        await after.KillAsync();
        // A second run finds everything in place and copies nothing.
        Directory.Move(Path.Combine(before.DataPath, "blobs.moved"), Path.Combine(before.DataPath, "blobs"));
        var again = await MigrateAsync(before.DataPath, bucket);
        Assert.Equal(0, again.ExitCode);
        Assert.Matches($@"(?m)^already in the bucket\s+{blobs.Count}\s", again.StandardOutput);
        Assert.Matches(@"(?m)^copied and verified\s+0\s", again.StandardOutput);
    }

    [Fact]
    public async Task An_encrypted_installation_moves_its_ciphertext_and_the_bucket_never_sees_plaintext()
    {
        var keys = Directory.CreateTempSubdirectory("depot-move-keys-");
        var keyFile = Path.Combine(keys.FullName, "depot.key");
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        string[] encryption = ["--Depot:Encryption:Enabled=true", $"--Depot:Encryption:KeyFile={keyFile}"];
        try
        {
            await using var before = new DepotProcess(output, extraArguments: [.. Local, .. encryption]);
            await before.StartAsync();
            using var alice = await before.CreateUserAsync();
            var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"PLAINTEXT-LINE-{i:D6}\n"));
            await PutAsync(alice.Http, "secret.txt", global::System.Text.Encoding.ASCII.GetBytes(text));
            await before.KillAsync();
            var bucket = S3Server.Shared.CreateBucket("move");

            var moved = await ServerCommand.RunAsync(["migrate-blobs", "--to", "s3", "--data", before.DataPath, .. TestMetadata.Arguments(before.DataPath),
                .. encryption, .. S3Server.Shared.DepotArguments(bucket).Where(a => !a.StartsWith("--Depot:Storage:Provider=", StringComparison.Ordinal))],
                timeout: TimeSpan.FromMinutes(2));
            output.WriteLine(moved.Output);

            Assert.Equal(0, moved.ExitCode);
            using var client = S3Server.Shared.CreateClient();
            var ids = await BucketIdsAsync(bucket);
            Assert.NotEmpty(ids);
            foreach (var id in ids)
            {
                Assert.True((await GetObjectAsync(client, bucket, id)).AsSpan().IndexOf("PLAINTEXT-LINE-"u8) < 0, $"object {id} holds plaintext");
            }

            Directory.Move(Path.Combine(before.DataPath, "blobs"), Path.Combine(before.DataPath, "blobs.moved"));
            await using var after = new DepotProcess(output, dataPath: before.DataPath, extraArguments: [.. S3Server.Shared.DepotArguments(bucket), .. encryption]);
            await after.StartAsync();
            using var http = after.CreateHttpClient(alice.Token);
            Assert.Equal(text, await http.GetStringAsync("/api/v1/files/secret.txt"));
            await after.KillAsync();
        }
        finally
        {
            keys.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_interrupted_move_continues_and_replaces_an_object_of_the_wrong_size()
    {
        var dataPath = await InstallationWithFilesAsync(6);
        var blobs = LocalBlobs(dataPath);
        var bucket = S3Server.Shared.CreateBucket("resume");
        // What an earlier run left: half of the objects, the first of them cut short by someone else's copy.
        var done = blobs.Keys.Order(StringComparer.Ordinal).Take(3).ToList();
        using var client = S3Server.Shared.CreateClient();
        foreach (var id in done)
        {
            var bytes = await File.ReadAllBytesAsync(blobs[id]);
            await PutObjectAsync(client, bucket, id, id == done[0] ? bytes[..(bytes.Length / 2)] : bytes);
        }

        var resumed = await MigrateAsync(dataPath, bucket);

        Assert.Equal(0, resumed.ExitCode);
        Assert.Matches(@"(?m)^already in the bucket\s+2\s", resumed.StandardOutput);
        Assert.Matches(@"(?m)^copied and verified\s+4\s", resumed.StandardOutput);
        Assert.Matches(@"(?m)^  of which replaced\s+1\s", resumed.StandardOutput);
        foreach (var (id, file) in blobs)
        {
            Assert.Equal(await File.ReadAllBytesAsync(file), await GetObjectAsync(client, bucket, id));
        }
    }

    [Fact]
    public async Task A_damaged_or_missing_local_blob_is_named_not_copied_and_fails_the_run()
    {
        var dataPath = await InstallationWithFilesAsync(4);
        var blobs = LocalBlobs(dataPath);
        var ids = blobs.Keys.Order(StringComparer.Ordinal).ToList();
        var damaged = ids[0];
        var missing = ids[1];
        // Same size, one bit flipped: only the SHA-256 can tell.
        var bytes = await File.ReadAllBytesAsync(blobs[damaged]);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(blobs[damaged], bytes);
        File.Delete(blobs[missing]);
        var bucket = S3Server.Shared.CreateBucket("damaged");

        var run = await MigrateAsync(dataPath, bucket);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"(?m)^copied and verified\s+2\s", run.StandardOutput);
        Assert.Matches(@"(?m)^damaged locally\s+1$", run.StandardOutput);
        Assert.Matches(@"(?m)^missing locally\s+1$", run.StandardOutput);
        Assert.Contains($"damaged locally: {damaged}: the local file has SHA-256", run.StandardError);
        Assert.Contains($"missing locally: {missing}:", run.StandardError);
        Assert.Contains(":/f", run.StandardError); // the user's path of the file that lost its content
        Assert.Contains("Keep Depot:Storage:Provider=local", run.StandardError);
        Assert.DoesNotContain("--Depot:Storage:Provider=s3", run.StandardOutput);
        Assert.Equal(ids.Skip(2), await BucketIdsAsync(bucket)); // damaged content never reaches the bucket
        Assert.Equal(bytes, await File.ReadAllBytesAsync(blobs[damaged])); // nor is the local file touched
    }

    [Fact]
    public async Task Moving_beside_a_running_server_is_refused()
    {
        await using var running = new DepotProcess(output, extraArguments: Local);
        await running.StartAsync();
        using var alice = await running.CreateUserAsync();
        await PutAsync(alice.Http, "f.txt", "x"u8.ToArray());
        var bucket = S3Server.Shared.CreateBucket("busy");

        var refused = await MigrateAsync(running.DataPath, bucket);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("A depot-server is running on the data folder", refused.StandardError);
        Assert.DoesNotContain("   at ", refused.Output);
        Assert.Empty(await BucketIdsAsync(bucket));
        Assert.True(running.IsRunning);
    }

    [Fact]
    public async Task Wrong_arguments_print_the_usage_and_a_missing_bucket_is_named()
    {
        var missing = await ServerCommand.RunAsync(["migrate-blobs", "--to"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Usage: depot-server migrate-blobs --to s3", missing.StandardError);

        var backwards = await ServerCommand.RunAsync(["migrate-blobs", "--from", "s3", "--to", "local"]);
        Assert.Equal(2, backwards.ExitCode);
        Assert.Contains("only --from local --to s3 is supported", backwards.StandardError);

        var data = Directory.CreateTempSubdirectory("depot-move-");
        try
        {
            var noBucket = await ServerCommand.RunAsync(["migrate-blobs", "--to", "s3", "--data", data.FullName]);
            Assert.Equal(1, noBucket.ExitCode);
            Assert.Contains("Depot:Storage:S3:Bucket", noBucket.StandardError);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private async Task<string> InstallationWithFilesAsync(int count)
    {
        var data = Directory.CreateTempSubdirectory("depot-move-").FullName;
        await using var server = new DepotProcess(output, dataPath: data, extraArguments: Local);
        await server.StartAsync();
        using var alice = await server.CreateUserAsync();
        for (var i = 0; i < count; i++)
        {
            // Over Depot:Storage:InlineMaxBytes: each is a blob file (smaller ones are kept in the metadata store).
            await PutAsync(alice.Http, $"f{i}.bin", RandomNumberGenerator.GetBytes(20_000 + i * 10_000));
        }

        await server.KillAsync();
        return data;
    }

    private async Task<ServerCommand.Outcome> MigrateAsync(string dataPath, string bucket)
    {
        // The S3 settings as the server will use them, but not yet the s3 provider: the operator switches it afterwards.
        var outcome = await ServerCommand.RunAsync(["migrate-blobs", "--to", "s3", "--data", dataPath, .. TestMetadata.Arguments(dataPath),
            .. S3Server.Shared.DepotArguments(bucket).Where(a => !a.StartsWith("--Depot:Storage:Provider=", StringComparison.Ordinal))],
            timeout: TimeSpan.FromMinutes(2));
        output.WriteLine(outcome.Output);
        return outcome;
    }

    private static async Task PutAsync(HttpClient http, string path, byte[] bytes)
    {
        using var put = await http.PutAsync($"/api/v1/files/{path}?parents=true", new ByteArrayContent(bytes));
        Assert.True(put.IsSuccessStatusCode, $"PUT {path}: {(int)put.StatusCode}");
    }

    /// <summary>The blob files of the data folder's <c>blobs/&lt;shard&gt;/&lt;id&gt;</c>, by id.</summary>
    private static Dictionary<string, string> LocalBlobs(string dataPath) =>
        Directory.EnumerateFiles(Path.Combine(dataPath, "blobs"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFileName(f), StringComparer.Ordinal);

    private static async Task<List<string>> BucketIdsAsync(string bucket)
    {
        using var client = S3Server.Shared.CreateClient();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "blobs/" });
        return [.. (listed.S3Objects ?? []).Select(o => o.Key["blobs/".Length..]).Order(StringComparer.Ordinal)];
    }

    private static async Task PutObjectAsync(AmazonS3Client client, string bucket, string id, byte[] bytes)
    {
        using var body = new MemoryStream(bytes);
        await client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "blobs/" + id, InputStream = body });
    }

    private static async Task<byte[]> GetObjectAsync(AmazonS3Client client, string bucket, string id)
    {
        using var response = await client.GetObjectAsync(bucket, "blobs/" + id);
        Assert.Equal(HttpStatusCode.OK, response.HttpStatusCode);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

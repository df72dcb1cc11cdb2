using System.Net;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Depot.Server.Tests.Hosting;
using Depot.Testing;

namespace Depot.Server.Tests.Tus;

/// <summary>
/// tus with <c>Depot:Storage:Provider=s3</c> (always, whatever <c>DEPOT_TEST_STORAGE</c> says): the unfinished upload is
/// a multipart upload plus staging objects in the bucket, it resumes across a restart, and the finished file is the
/// object <c>blobs/{id}</c>, with nothing left in the data folder or under <c>uploads/</c>.
/// </summary>
public sealed class TusOnS3Tests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-tus-s3-");

    [Fact]
    public async Task A_tus_upload_on_s3_resumes_across_a_restart_and_becomes_the_object_of_its_blob()
    {
        var bucket = S3Server.Shared.CreateBucket("tus");
        var s3 = S3Server.Shared.DepotArguments(bucket);
        // 12 MiB in chunks below, across and beyond the 8 MiB part, with a restart in the middle.
        var data = RandomNumberGenerator.GetBytes(12 * 1024 * 1024 + 7);
        int[] cuts = [3 * 1024 * 1024, 10 * 1024 * 1024, data.Length];
        string url, username, password;
        await using (var server = await StandaloneServer.StartAsync(_data.FullName, ["--urls=http://127.0.0.1:0", .. s3]))
        {
            var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "s3");
            using var user = await accounts.CreateUserAsync();
            (username, password) = (user.Username, user.Password);
            url = await Tus.CreatedUrlAsync(user.Http, "/big.bin", data.Length);
            using var first = await Tus.PatchAsync(user.Http, url, 0, data[..cuts[0]]);
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
            using var second = await Tus.PatchAsync(user.Http, url, cuts[0], data[cuts[0]..cuts[1]]);
            Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        }

        using (var client = S3Server.Shared.CreateClient())
        {
            var uploads = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket });
            Assert.Equal($"blobs/{url.Split('/')[^1]}", Assert.Single(uploads.MultipartUploads ?? []).Key);
        }

        await using (var server = await StandaloneServer.StartAsync(_data.FullName, ["--urls=http://127.0.0.1:0", .. s3]))
        {
            var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "s3");
            using var http = accounts.CreateHttpClient(await accounts.SignInAsync(username, password));
            using var head = await Tus.HeadAsync(http, url);
            Assert.Equal(cuts[1], Tus.Offset(head));
            using var last = await Tus.PatchAsync(http, url, cuts[1], data[cuts[1]..]);
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
            Assert.Equal($"\"{Convert.ToHexStringLower(SHA256.HashData(data))}\"", last.Headers.ETag!.Tag);
            Assert.Equal(data, await http.GetByteArrayAsync("/api/v1/files/big.bin"));
        }

        foreach (var folder in new[] { "blobs", "uploads" }.Select(f => Path.Combine(_data.FullName, f)).Where(Directory.Exists))
        {
            Assert.Empty(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories));
        }

        using (var client = S3Server.Shared.CreateClient())
        {
            var objects = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
            var blob = Assert.Single(objects.S3Objects ?? []);
            Assert.StartsWith("blobs/", blob.Key);
            Assert.Equal(data.Length, blob.Size);
            Assert.Empty((await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []);
        }
    }

    [Fact]
    public async Task Terminating_a_tus_upload_on_s3_aborts_its_multipart_upload_and_deletes_its_staging_objects()
    {
        var bucket = S3Server.Shared.CreateBucket("tus");
        await using var server = await StandaloneServer.StartAsync(_data.FullName, ["--urls=http://127.0.0.1:0", .. S3Server.Shared.DepotArguments(bucket)]);
        var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "s3");
        using var user = await accounts.CreateUserAsync();
        var url = await Tus.CreatedUrlAsync(user.Http, "/gone.bin", 20 * 1024 * 1024);
        using var patch = await Tus.PatchAsync(user.Http, url, 0, RandomNumberGenerator.GetBytes(9 * 1024 * 1024));   // a part and a staged MiB
        Assert.Equal(HttpStatusCode.NoContent, patch.StatusCode);

        using var client = S3Server.Shared.CreateClient();
        Assert.NotEmpty((await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "uploads/" })).S3Objects ?? []);
        using var terminate = await Tus.DeleteAsync(user.Http, url);
        Assert.Equal(HttpStatusCode.NoContent, terminate.StatusCode);

        Assert.Empty((await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? []);
        Assert.Empty((await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = bucket })).MultipartUploads ?? []);
    }

    [Fact]
    public async Task With_encryption_an_unfinished_upload_is_sealed_in_the_bucket_so_it_continues_without_the_node_data_folder()
    {
        var bucket = S3Server.Shared.CreateBucket("tus");
        var keyFile = Path.Combine(_data.FullName, "..", $"depot-{Guid.NewGuid():N}.key");
        await File.WriteAllTextAsync(keyFile, Depot.Core.Storage.Encryption.MasterKey.Generate().ToBase64() + "\n");
        try
        {
            string[] arguments = ["--urls=http://127.0.0.1:0", "--Depot:Encryption:Enabled=true", $"--Depot:Encryption:KeyFile={keyFile}",
                .. S3Server.Shared.DepotArguments(bucket)];
            var data = Enumerable.Range(0, 700_000).SelectMany(i => System.Text.Encoding.ASCII.GetBytes($"DEPOT-TUS-{i:D7}|")).ToArray();
            var cut = 5_000_000;
            string url, username, password;
            await using (var server = await StandaloneServer.StartAsync(_data.FullName, arguments))
            {
                var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "s3e");
                using var user = await accounts.CreateUserAsync();
                (username, password) = (user.Username, user.Password);
                url = await Tus.CreatedUrlAsync(user.Http, "/sealed.bin", data.Length);
                using var first = await Tus.PatchAsync(user.Http, url, 0, data[..cut]);
                Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
            }

            // The part is in the bucket, sealed; the node's uploads folder can go (another node would not have it).
            using (var client = S3Server.Shared.CreateClient())
            {
                var objects = (await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? [];
                Assert.StartsWith($"encrypted-uploads/{url.Split('/')[^1]}/", Assert.Single(objects).Key, StringComparison.Ordinal);
                await AssertNoPlaintextAsync(client, bucket);
            }

            var uploads = Path.Combine(_data.FullName, "uploads");
            if (Directory.Exists(uploads))
            {
                Directory.Delete(uploads, recursive: true);
            }

            await using (var server = await StandaloneServer.StartAsync(_data.FullName, arguments))
            {
                var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "s3e");
                using var http = accounts.CreateHttpClient(await accounts.SignInAsync(username, password));
                using var last = await Tus.PatchAsync(http, url, cut, data[cut..]);
                Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
                Assert.Equal(data, await http.GetByteArrayAsync("/api/v1/files/sealed.bin"));
            }

            using (var client = S3Server.Shared.CreateClient())
            {
                var objects = (await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? [];
                Assert.StartsWith("blobs/", Assert.Single(objects).Key, StringComparison.Ordinal);
                await AssertNoPlaintextAsync(client, bucket);
            }
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    private static async Task AssertNoPlaintextAsync(Amazon.S3.AmazonS3Client client, string bucket)
    {
        foreach (var item in (await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket })).S3Objects ?? [])
        {
            using var response = await client.GetObjectAsync(bucket, item.Key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            Assert.True(copy.ToArray().AsSpan().IndexOf("DEPOT-TUS-"u8) < 0, $"{item.Key} holds plaintext");
        }
    }

    public void Dispose() => _data.Delete(recursive: true);
}

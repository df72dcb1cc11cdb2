using System.Net;
using System.Net.Http.Headers;
using Amazon.S3.Model;
using Depot.Protocol;
using Depot.Testing;

namespace Depot.Server.Tests.Hosting;

/// <summary>
/// <c>Depot:Storage:Provider=s3</c> against the test process's real S3 server (Ceph RGW, <see cref="S3Server"/>): file
/// contents live in the bucket, not in the data folder, and survive a restart; incomplete settings are refused at start;
/// a store that fails answers 503 <c>storage_unavailable</c> with Retry-After, never a 2xx for bytes not stored.
/// </summary>
public sealed class StorageProviderTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("depot-storage-");

    [Fact]
    public async Task S3_keeps_the_contents_in_the_bucket_and_across_a_restart()
    {
        var bucket = S3Server.Shared.CreateBucket("provider");
        var s3 = S3Server.Shared.DepotArguments(bucket);
        var content = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(content);
        string username, password;
        await using (var server = await StandaloneServer.StartAsync(_data.FullName, ["--urls=http://127.0.0.1:0", .. s3]))
        {
            var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "s3");
            using var user = await accounts.CreateUserAsync();
            (username, password) = (user.Username, user.Password);
            using var put = await user.Http.PutAsync("/api/v1/files/notes/a.bin?parents=true", new ByteArrayContent(content));
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            using var probe = new HttpClient { BaseAddress = server.Address };
            using var ready = await probe.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        var blobs = Path.Combine(_data.FullName, "blobs");
        Assert.False(Directory.Exists(blobs) && Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).Any(), "no blob files with the s3 provider");
        using (var client = S3Server.Shared.CreateClient())
        {
            var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "blobs/" });
            Assert.Contains(listed.S3Objects, o => o.Size == content.Length);
        }

        await using (var server = await StandaloneServer.StartAsync(_data.FullName, ["--urls=http://127.0.0.1:0", .. s3]))
        {
            var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "s3");
            using var http = accounts.CreateHttpClient(await accounts.SignInAsync(username, password));
            Assert.Equal(content, await http.GetByteArrayAsync("/api/v1/files/notes/a.bin"));

            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/files/notes/a.bin");
            request.Headers.Range = new RangeHeaderValue(1_000_000, 1_000_099);
            using var range = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
            Assert.Equal(content[1_000_000..1_000_100], await range.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_failing_store_answers_503_storage_unavailable_and_stores_nothing()
    {
        var bucket = S3Server.Shared.CreateBucket("down");
        await using var server = await StandaloneServer.StartAsync(_data.FullName,
            ["--urls=http://127.0.0.1:0", .. S3Server.Shared.DepotArguments(bucket), "--Depot:Storage:S3:MaxRetries=1"]);
        var accounts = new TestAccounts(() => new HttpClient { BaseAddress = server.Address }, "s3");
        using var user = await accounts.CreateUserAsync();

        // The bucket goes away under the running server: every write and read of the store now fails.
        using (var client = S3Server.Shared.CreateClient())
        {
            await client.DeleteBucketAsync(bucket);
        }

        // Over the inline limit (16 KiB): smaller content would go to the metadata store, not the bucket.
        using var put = await user.Http.PutAsync("/api/v1/files/a.txt", new ByteArrayContent(new byte[40_000]));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, put.StatusCode);
        Assert.NotNull(put.Headers.RetryAfter);
        Assert.Contains(ErrorCodes.StorageUnavailable, await put.Content.ReadAsStringAsync());

        using var get = await user.Http.GetAsync("/api/v1/files/a.txt");
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        using var probe = new HttpClient { BaseAddress = server.Address };
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Probe.WaitForAsync(probe, "/readyz", HttpStatusCode.ServiceUnavailable)).Status);
    }

    [Theory]
    [InlineData("--Depot:Storage:Provider=s3", "Depot:Storage:S3:Bucket")]
    [InlineData("--Depot:Storage:Provider=ftp", "Depot:Storage:Provider")]
    public async Task Incomplete_storage_settings_refuse_to_start(string argument, string key)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = await StandaloneServer.StartAsync(_data.FullName, "--urls=http://127.0.0.1:0", argument);
        });

        Assert.Contains(key, error.Message);
    }

    public void Dispose() => _data.Delete(recursive: true);
}

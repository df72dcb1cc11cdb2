using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Amazon.S3.Model;
using Depot.Core;
using Depot.Testing;

namespace Depot.Server.Tests.Hosting;

/// <summary>A <see cref="ProxiedS3Server"/> with a one-minute orphan grace period and maintenance every two seconds.</summary>
public sealed class ShortGraceS3Server : ProxiedS3Server
{
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);   // the shortest the options allow

    protected override IEnumerable<string> ExtraArguments =>
        [$"--Depot:Storage:OrphanGracePeriod={Grace:c}", "--Depot:Maintenance:Interval=00:00:02"];
}

/// <summary>
/// Garbage collection on S3: objects under <c>blobs/</c> that no metadata refers to go once older than the grace period,
/// younger ones and referenced ones stay; an upload whose answer the store lost (a reset after the object was stored)
/// leaves only such an orphan. The server has no clock a test can move (the object's age comes from the store), so
/// this class waits once, about a minute and a half.
/// </summary>
public sealed class S3OrphanTests(ShortGraceS3Server server) : IClassFixture<ShortGraceS3Server>
{
    [Fact]
    public async Task Orphans_past_the_grace_period_are_collected_and_nothing_referenced_or_young()
    {
        using var s3 = S3Server.Shared.CreateClient();
        using var alice = await server.Accounts.CreateUserAsync();
        var kept = RandomNumberGenerator.GetBytes(40_000);   // over the inline limit: an object in the bucket
        using (var put = await alice.Http.PutAsync("/api/v1/files/kept.bin", new ByteArrayContent(kept)))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var referenced = await KeysAsync(s3);
        var stray = await PutOrphanAsync(s3);   // as if a node crashed between the object and its commit

        // The store stores the object but its answer is lost, on the first try and the retry: the client gets 503,
        // nothing is committed, and the object left behind is an orphan.
        server.Proxy.ResetResponses(afterBytes: 0);
        using (var put = await alice.Http.PutAsync("/api/v1/files/cut.bin", new ByteArrayContent(RandomNumberGenerator.GetBytes(40_000))))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, put.StatusCode);
        }

        server.Proxy.PassThrough();
        var cutOff = (await KeysAsync(s3)).Except(referenced).Except([stray]).ToList();
        Assert.True(cutOff.Count <= 1, $"a cut-off upload left {cutOff.Count} objects");

        // Half the grace later, an orphan that must survive the collection of the first ones.
        await Task.Delay(ShortGraceS3Server.Grace / 2);
        var young = await PutOrphanAsync(s3);

        var clock = Stopwatch.StartNew();
        while ((await KeysAsync(s3)).Intersect([stray, .. cutOff]).Any())
        {
            // The grace period, two maintenance intervals and the time the store's clock and ours may differ.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the old orphans were not collected within the grace period and a minute");
            await Task.Delay(500);
        }

        var left = await KeysAsync(s3);
        Assert.Contains(young, left);
        Assert.Superset(referenced.ToHashSet(), left.ToHashSet());
        Assert.Equal(kept, await alice.Http.GetByteArrayAsync("/api/v1/files/kept.bin"));
        Assert.Empty((await s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = server.Bucket })).MultipartUploads ?? []);
    }

    private async Task<string> PutOrphanAsync(Amazon.S3.AmazonS3Client s3)
    {
        var key = $"blobs/{Ids.New(TimeProvider.System)}";
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = server.Bucket, Key = key, ContentBody = "orphan" });
        return key;
    }

    private async Task<List<string>> KeysAsync(Amazon.S3.AmazonS3Client s3)
    {
        var objects = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = server.Bucket, Prefix = "blobs/" });
        return [.. (objects.S3Objects ?? []).Select(o => o.Key)];
    }
}

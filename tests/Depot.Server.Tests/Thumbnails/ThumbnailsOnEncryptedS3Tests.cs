using System.Net;
using Depot.Server.Tests.Encryption;
using SkiaSharp;

namespace Depot.Server.Tests.Thumbnails;

/// <summary>
/// The thumbnail cache goes through the same store as the files: on S3 with encryption at rest, a cached thumbnail
/// reads back, the source is decoded once, and the bucket holds no WebP in the clear.
/// </summary>
public sealed class ThumbnailsOnEncryptedS3Tests(EncryptedS3DepotServer server) : IClassFixture<EncryptedS3DepotServer>
{
    [Fact]
    public async Task A_thumbnail_is_cached_in_the_encrypted_bucket_and_read_back_from_it()
    {
        using var owner = await server.CreateUserAsync();
        await ThumbnailTests.PutAsync(owner.Http, "/photo.jpg", TestImages.Draw(1000, 500, SKEncodedImageFormat.Jpeg));

        using var first = await owner.Http.GetAsync("/api/v1/thumbnails/photo.jpg?size=large");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("rendered", first.Headers.GetValues("X-Depot-Thumbnail").Single());
        var rendered = await first.Content.ReadAsByteArrayAsync();

        using var second = await owner.Http.GetAsync("/api/v1/thumbnails/photo.jpg?size=large");
        Assert.Equal("cached", second.Headers.GetValues("X-Depot-Thumbnail").Single());
        Assert.Equal(rendered, await second.Content.ReadAsByteArrayAsync());
        Assert.Equal((384, 192), await ThumbnailTests.SizeOfAsync(owner.Http, "/api/v1/thumbnails/photo.jpg?size=large"));

        using var s3 = Depot.Testing.S3Server.Shared.CreateClient();
        var bucket = Depot.Testing.TestStorage.BucketOf(server.DataPath);
        var objects = await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket });
        Assert.True(objects.S3Objects.Count >= 2, $"{objects.S3Objects.Count} objects");   // the photo and its thumbnail
        foreach (var item in objects.S3Objects)
        {
            using var stored = await s3.GetObjectAsync(bucket, item.Key);
            using var bytes = new MemoryStream();
            await stored.ResponseStream.CopyToAsync(bytes);
            Assert.DoesNotContain("WEBP", System.Text.Encoding.ASCII.GetString(bytes.ToArray()), StringComparison.Ordinal);
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Depot.Core.Data;
using Depot.Protocol;
using Depot.Protocol.Sharing;
using Depot.Testing;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;
using static Depot.Server.Tests.Sharing.LinkApi;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Thumbnails;

public sealed class ThumbnailTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    [Fact]
    public async Task A_png_and_a_jpeg_get_webp_thumbnails_that_fit_the_box_and_keep_the_aspect_ratio()
    {
        using var owner = await server.CreateUserAsync();
        await PutAsync(owner.Http, "/wide.png", TestImages.Draw(1200, 800, SKEncodedImageFormat.Png));
        await PutAsync(owner.Http, "/tall.jpg", TestImages.Draw(600, 1800, SKEncodedImageFormat.Jpeg));

        Assert.Equal((64, 43), await SizeOfAsync(owner.Http, "/api/v1/thumbnails/wide.png?size=small"));
        Assert.Equal((384, 256), await SizeOfAsync(owner.Http, "/api/v1/thumbnails/wide.png?size=large"));
        Assert.Equal((21, 64), await SizeOfAsync(owner.Http, "/api/v1/thumbnails/tall.jpg"));
        Assert.Equal((128, 384), await SizeOfAsync(owner.Http, "/api/v1/thumbnails/tall.jpg?size=large"));
        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/thumbnails/wide.png?size=huge"), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task A_photo_taken_on_its_side_is_turned_upright_by_its_exif_orientation()
    {
        using var owner = await server.CreateUserAsync();
        await PutAsync(owner.Http, "/sideways.jpg", TestImages.JpegWithOrientation(800, 400, orientation: 6));
        Assert.Equal((192, 384), await SizeOfAsync(owner.Http, "/api/v1/thumbnails/sideways.jpg?size=large"));
        using var response = await owner.Http.GetAsync("/api/v1/thumbnails/sideways.jpg?size=large");
        using var upright = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.True(upright.GetPixel(96, 40).Red > 200, $"top is {upright.GetPixel(96, 40)}");
        Assert.True(upright.GetPixel(96, 340).Blue > 200, $"bottom is {upright.GetPixel(96, 340)}");
    }

    [Fact]
    public async Task The_second_request_is_served_from_the_cache_and_a_known_etag_gets_304()
    {
        using var owner = await server.CreateUserAsync();
        var image = TestImages.Draw(900, 600, SKEncodedImageFormat.Png);
        await PutAsync(owner.Http, "/cached.png", image);

        using var first = await owner.Http.GetAsync("/api/v1/thumbnails/cached.png?size=large");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("rendered", first.Headers.GetValues("X-Depot-Thumbnail").Single());
        Assert.True(first.Headers.CacheControl is { Private: true, NoCache: true, MaxAge: null }, first.Headers.CacheControl?.ToString());
        var tag = first.Headers.ETag!;

        // The same content under another name, another user even, is the same thumbnail: rendered once.
        using var other = await server.CreateUserAsync();
        await PutAsync(other.Http, "/copy.png", image);
        using var second = await other.Http.GetAsync("/api/v1/thumbnails/copy.png?size=large");
        Assert.Equal("cached", second.Headers.GetValues("X-Depot-Thumbnail").Single());
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await RowsForAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(image))));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/thumbnails/cached.png?size=large");
        conditional.Headers.IfNoneMatch.Add(tag);
        using var notModified = await owner.Http.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(tag, notModified.Headers.ETag);

        // Naming the content expected makes the URL immutable; new content under the path is a new ETag.
        var sha = tag.Tag.Trim('"').Split('-')[0];
        using var pinned = await owner.Http.GetAsync($"/api/v1/thumbnails/cached.png?size=large&v={sha}");
        Assert.True(pinned.Headers.CacheControl is { Private: true, NoCache: false, MaxAge.TotalDays: 365 }, pinned.Headers.CacheControl?.ToString());
        await PutAsync(owner.Http, "/cached.png", TestImages.Draw(300, 300, SKEncodedImageFormat.Png));
        using var replaced = await owner.Http.GetAsync("/api/v1/thumbnails/cached.png?size=large");
        Assert.NotEqual(tag, replaced.Headers.ETag);
    }

    [Fact]
    public async Task Another_users_image_is_not_found_and_a_shared_one_is_served()
    {
        using var owner = await server.CreateUserAsync();
        using var stranger = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/photos");
        await PutAsync(owner.Http, "/photos/p.png", TestImages.Draw(200, 100, SKEncodedImageFormat.Png));

        await AssertStatusAsync(await stranger.Http.GetAsync("/api/v1/thumbnails/photos/p.png"), HttpStatusCode.NotFound);
        await ShareAndMountAsync(owner, "/photos", stranger, Roles.Viewer, "from-owner");
        Assert.Equal((64, 32), await SizeOfAsync(stranger.Http, "/api/v1/thumbnails/from-owner/p.png"));
        using var anonymous = server.CreateHttpClient();
        await AssertStatusAsync(await anonymous.GetAsync("/api/v1/thumbnails/photos/p.png"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_public_folder_link_serves_thumbnails_of_its_images_only()
    {
        using var owner = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/album");
        await PutAsync(owner.Http, "/album/a.webp", TestImages.Draw(400, 400, SKEncodedImageFormat.Webp));
        await PutAsync(owner.Http, "/outside.png", TestImages.Draw(400, 400, SKEncodedImageFormat.Png));
        await owner.Http.PutFileAsync("/album/notes.txt", "not an image");
        var link = await owner.Http.LinkOkAsync("/album", maxDownloads: 1);
        using var anonymous = server.CreateHttpClient();

        Assert.Equal((384, 384), await SizeOfAsync(anonymous, link.Url + "/a.webp?thumbnail=large"));
        Assert.Equal((384, 384), await SizeOfAsync(anonymous, link.Url + "/a.webp?thumbnail=large"));   // counts no download
        await AssertStatusAsync(await anonymous.GetAsync(link.Url + "/notes.txt?thumbnail=small"), HttpStatusCode.UnprocessableEntity,
            ErrorCodes.ThumbnailUnavailable);
        await AssertStatusAsync(await anonymous.GetAsync(link.Url + "/../outside.png?thumbnail=small"), HttpStatusCode.NotFound);
        await AssertStatusAsync(await anonymous.GetAsync(link.Url + "?thumbnail=small"), HttpStatusCode.NotFound, ErrorCodes.LinkNotFound);
        Assert.Equal("not an image", await anonymous.GetStringAsync(link.Url + "/notes.txt"));   // the one download is still there
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_from_its_header_fast()
    {
        using var owner = await server.CreateUserAsync();
        var bomb = TestImages.PngBomb(100_000, 100_000);
        Assert.True(bomb.Length < 100);
        await PutAsync(owner.Http, "/bomb.png", bomb);

        var clock = Stopwatch.StartNew();
        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/thumbnails/bomb.png?size=large"), HttpStatusCode.UnprocessableEntity,
            ErrorCodes.ImageTooLarge);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/thumbnails/bomb.png?size=large"), HttpStatusCode.UnprocessableEntity,
            ErrorCodes.ImageTooLarge);
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_or_not_a_file_gets_no_thumbnail()
    {
        using var owner = await server.CreateUserAsync();
        await owner.Http.PutFileAsync("/notes.txt", "plain text");
        await owner.Http.PutFileAsync("/fake.png", "not really a png");
        await owner.Http.MkdirAsync("/folder");

        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/thumbnails/notes.txt"), HttpStatusCode.UnprocessableEntity, ErrorCodes.ThumbnailUnavailable);
        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/thumbnails/fake.png"), HttpStatusCode.UnprocessableEntity, ErrorCodes.ThumbnailUnavailable);
        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/thumbnails/folder"), HttpStatusCode.Conflict, ErrorCodes.NotAFile);
        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/thumbnails/missing.png"), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    internal static async Task PutAsync(HttpClient http, string path, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PutAsync("/api/v1/files" + path, body);
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode}");
    }

    internal static async Task<(int Width, int Height)> SizeOfAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("image/webp", response.Content.Headers.ContentType?.MediaType);
        using var image = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        return (image.Width, image.Height);
    }

    private async Task<long> RowsForAsync(string sha256)
    {
        await using var connection = await server.Services.GetRequiredService<IDatabase>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM thumbnails WHERE source_sha256 = @sha256", new { sha256 });
    }
}

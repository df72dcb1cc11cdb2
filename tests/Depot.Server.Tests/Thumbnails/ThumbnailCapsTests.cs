using System.Net;
using Depot.Protocol;
using Depot.Testing;
using SkiaSharp;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Thumbnails;

/// <summary>A server whose thumbnail caps are tiny: 20 KB of source, 250,000 pixels.</summary>
public sealed class TinyThumbnailCapsServer : DepotServer
{
    protected override IEnumerable<string> ExtraArguments =>
        ["--Depot:Thumbnails:MaxSourceBytes=20000", "--Depot:Thumbnails:MaxPixels=250000"];
}

/// <summary>The byte and pixel caps are configuration (docs/configuration.md, Thumbnails), and each refuses with its code.</summary>
public sealed class ThumbnailCapsTests(TinyThumbnailCapsServer server) : IClassFixture<TinyThumbnailCapsServer>
{
    [Fact]
    public async Task An_image_over_the_byte_or_the_pixel_cap_gets_no_thumbnail_and_one_under_both_does()
    {
        using var owner = await server.CreateUserAsync();
        var heavy = NoisePng(300, 300);   // 90,000 pixels but incompressible: well over 20 KB
        Assert.True(heavy.Length > 20_000);
        await ThumbnailTests.PutAsync(owner.Http, "/heavy.png", heavy);
        await ThumbnailTests.PutAsync(owner.Http, "/wide.png", TestImages.Draw(1000, 300, SKEncodedImageFormat.Png));   // 300,000 pixels, a few KB
        await ThumbnailTests.PutAsync(owner.Http, "/fine.png", TestImages.Draw(500, 400, SKEncodedImageFormat.Png));

        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/thumbnails/heavy.png"), HttpStatusCode.UnprocessableEntity, ErrorCodes.ImageTooLarge);
        await AssertStatusAsync(await owner.Http.GetAsync("/api/v1/thumbnails/wide.png"), HttpStatusCode.UnprocessableEntity, ErrorCodes.ImageTooLarge);
        Assert.Equal((64, 51), await ThumbnailTests.SizeOfAsync(owner.Http, "/api/v1/thumbnails/fine.png"));
    }

    private static byte[] NoisePng(int width, int height)
    {
        using var bitmap = new SKBitmap(width, height);
        var random = new Random(7);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));
            }
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}

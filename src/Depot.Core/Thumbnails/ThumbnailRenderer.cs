using Depot.Protocol;
using SkiaSharp;

namespace Depot.Core.Thumbnails;

/// <summary>
/// Decodes an image with SkiaSharp and draws it, upright by its EXIF orientation, into a WebP no larger than a square
/// box. The header is read first and an image over the pixel cap is refused before a pixel is decoded (a decompression
/// bomb claims billions of pixels in a few bytes). What is decoded is bounded too: JPEG and WebP decode at a reduced
/// size natively; PNG and GIF read row by row and keep every n-th row and column, so memory follows the output, not the
/// source. Only a format the codec cannot read row by row (an interlaced PNG, a GIF) is decoded whole, within the cap.
/// </summary>
internal static class ThumbnailRenderer
{
    // 80: the quality where lossy WebP artefacts stop showing at thumbnail sizes, at about a tenth of a PNG's bytes.
    private const int Quality = 80;

    public static Result<byte[]> Render(Stream source, int box, long maxPixels)
    {
        using var codec = SKCodec.Create(source, out _);
        if (codec is null)
        {
            return Unavailable("The file is not an image the server can read.");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
        {
            return Unavailable("The image has no pixels.");
        }

        if ((long)width * height > maxPixels)
        {
            return Result<byte[]>.Fail(ErrorCodes.ImageTooLarge,
                $"The image is {width}×{height} pixels, over the thumbnail limit of {maxPixels} pixels.");
        }

        using var decoded = Decode(codec, box);
        if (decoded is null)
        {
            return Unavailable("The image could not be decoded.");
        }

        // The output keeps the source's aspect ratio within the box and is never enlarged.
        var scale = Math.Min(1.0, (double)box / Math.Max(width, height));
        var target = new SKSizeI(Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
        using var upright = Draw(decoded, target, codec.EncodedOrigin);
        using var image = SKImage.FromBitmap(upright);
        using var data = image.Encode(SKEncodedImageFormat.Webp, Quality);
        return data is null ? Unavailable("The thumbnail could not be encoded.") : data.ToArray();
    }

    /// <summary>The image at about twice the box (room for a clean downscale), or null when the codec fails.</summary>
    private static SKBitmap? Decode(SKCodec codec, int box)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var wanted = Math.Min(1f, 2f * box / Math.Max(width, height));
        var scaled = codec.GetScaledDimensions(wanted);
        if (scaled.Width < width && scaled.Width > 0 && scaled.Height > 0)
        {
            return DecodeWhole(codec, scaled);   // JPEG (DCT scaling) and WebP shrink while decoding
        }

        var step = Math.Max(1, (int)(1 / wanted));
        return step > 1 && codec.ScanlineOrder == SKCodecScanlineOrder.TopDown
            ? DecodeSampled(codec, step) ?? DecodeWhole(codec, codec.Info.Size)
            : DecodeWhole(codec, codec.Info.Size);
    }

    private static SKBitmap? DecodeWhole(SKCodec codec, SKSizeI size)
    {
        var bitmap = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Bgra8888, SKAlphaType.Premul));
        var result = codec.GetPixels(bitmap.Info, bitmap.GetPixels());
        // A truncated file still gives what it has (the rest stays blank); anything else is a failure.
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
        {
            return bitmap;
        }

        bitmap.Dispose();
        return null;
    }

    /// <summary>Reads the image row by row, keeping every <paramref name="step"/>-th row and column; null when the codec cannot.</summary>
    private static unsafe SKBitmap? DecodeSampled(SKCodec codec, int step)
    {
        var full = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        if (codec.StartScanlineDecode(full) != SKCodecResult.Success)
        {
            return null;
        }

        var (outWidth, outHeight) = ((full.Width + step - 1) / step, (full.Height + step - 1) / step);
        var sampled = new SKBitmap(new SKImageInfo(outWidth, outHeight, SKColorType.Bgra8888, SKAlphaType.Premul));
        using var row = new SKBitmap(new SKImageInfo(full.Width, 1, SKColorType.Bgra8888, SKAlphaType.Premul));
        var source = (uint*)row.GetPixels();
        var target = (uint*)sampled.GetPixels();
        for (var y = 0; y < outHeight; y++)
        {
            if (codec.GetScanlines(row.GetPixels(), 1, row.RowBytes) != 1)
            {
                break;   // truncated: the rest stays blank, as with a whole decode
            }

            var line = target + ((long)y * sampled.RowBytes / sizeof(uint));
            for (var x = 0; x < outWidth; x++)
            {
                line[x] = source[(long)x * step];
            }

            if (y < outHeight - 1 && !codec.SkipScanlines(step - 1))
            {
                break;
            }
        }

        return sampled;
    }

    /// <summary>Draws <paramref name="decoded"/> scaled to <paramref name="size"/> and turned upright for <paramref name="origin"/>.</summary>
    private static SKBitmap Draw(SKBitmap decoded, SKSizeI size, SKEncodedOrigin origin)
    {
        var (w, h) = (size.Width, size.Height);
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var output = new SKBitmap(new SKImageInfo(swaps ? h : w, swaps ? w : h, SKColorType.Bgra8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(output);
        canvas.Clear(SKColors.Transparent);
        // Maps a point of the unrotated thumbnail to where it shows upright (EXIF orientations 1–8).
        canvas.SetMatrix(origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        });
        using var image = SKImage.FromBitmap(decoded);
        // Mipmaps: a clean downscale at any ratio (a whole-decoded GIF may be many times the box).
        canvas.DrawImage(image, new SKRect(0, 0, w, h), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return output;
    }

    private static Result<byte[]> Unavailable(string detail) => Result<byte[]>.Fail(ErrorCodes.ThumbnailUnavailable, detail);
}

using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Thumbnails;

/// <summary>Limits on what the server decodes to make thumbnails (<c>Depot:Thumbnails</c>).</summary>
public sealed class ThumbnailOptions
{
    public const string Section = "Depot:Thumbnails";

    // 32 MiB: above the JPEG, HEIF-converted or PNG photos phones and most cameras write (a few MiB to ~20 MiB), and
    // the source is read into memory to decode it (the decoders seek), so this and MaxConcurrent bound that memory.
    [Range(1L, 1024L * 1024 * 1024)]
    public long MaxSourceBytes { get; set; } = 32L * 1024 * 1024;

    // 50 megapixels: a 50 MP camera's full frame. Checked from the header before decoding: a PNG that claims
    // 100,000 × 100,000 in a few hundred bytes (a decompression bomb) is refused without allocating its pixels.
    [Range(1L, 1_000_000_000L)]
    public long MaxPixels { get; set; } = 50_000_000;

    // 10 s: a photo takes well under a second; a pathological file gives up and the client shows the type's icon.
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    // 2: decoding is CPU-bound; more at once only makes each slower and adds a source buffer and bitmap each.
    [Range(1, 64)]
    public int MaxConcurrent { get; set; } = 2;
}

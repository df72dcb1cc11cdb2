using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Storage;

/// <summary>Blob storage and upload limits (<c>Depot:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Depot:Storage";

    // 256 KiB: large enough that a 10 Gbit/s stream needs only ~5,000 writes a second, small enough that
    // 100 concurrent uploads hold 25 MiB of pooled buffers.
    [Range(4096, 16 * 1024 * 1024)]
    public int BufferSize { get; set; } = 256 * 1024;

    // 100 GiB: no real file a person keeps is refused, yet one request cannot fill a disk unbounded
    // (quota bounds it per user as well).
    [Range(1L, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024 * 1024;

    // 1 day: a blob file with no metadata row is deleted only after this long, so an upload that is still
    // streaming (its file is rewritten every moment) or committing right now is never mistaken for a crash orphan.
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromDays(1);

    // Off: a new, empty metadata store beside a blob store that holds files is almost always a lost or misplaced
    // database, and starting anyway would let maintenance delete every file. On only for a deliberate fresh start.
    public bool ReinitializeMetadata { get; set; }
}

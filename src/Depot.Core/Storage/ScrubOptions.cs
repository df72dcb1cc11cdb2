using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Storage;

/// <summary>The blob scrub (<c>Depot:Scrub</c>): re-hashing every blob online to find silent damage.</summary>
public sealed class ScrubOptions
{
    public const string Section = "Depot:Scrub";

    // 25 MiB/s: a sixth to a quarter of one spinning disk's sequential rate, so users' reads and writes keep most of
    // the disk while a scrub runs; 1 TiB then takes about 12 hours, fine for a weekly or monthly run.
    [Range(64 * 1024, long.MaxValue)]
    public long BytesPerSecond { get; set; } = 25L * 1024 * 1024;

    // 20: enough to find every place a damaged blob matters (copies share blobs) without a report the size of a listing.
    [Range(1, 1000)]
    public int MaxLocationsPerBlob { get; set; } = 20;
}

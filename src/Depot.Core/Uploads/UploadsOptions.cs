using System.ComponentModel.DataAnnotations;

namespace Depot.Core.Uploads;

/// <summary>Resumable (tus) uploads (<c>Depot:Uploads</c>).</summary>
public sealed class UploadsOptions
{
    public const string Section = "Depot:Uploads";

    // 24 hours: long enough to resume after a laptop slept overnight; an unfinished upload holds quota and disk, so
    // not for ever. Each PATCH restarts the clock, so only uploads nobody touches for a day expire.
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan Expiry { get; set; } = TimeSpan.FromHours(24);

    // 15 s: the one-writer lock is a lease renewed every third of it while its request lives, so a killed node's lock
    // frees within 15 s (the client resumes on another node meanwhile: Depot.Client waits up to about 32 s), and the
    // renewals cost one small write every 5 s per active upload.
    [Range(typeof(TimeSpan), "00:00:03", "01:00:00")]
    public TimeSpan LockLease { get; set; } = TimeSpan.FromSeconds(15);

    // 16 MiB: a PATCH without Upload-Checksum makes its bytes durable and advances the offset every 16 MiB, so a
    // server crash mid-request costs the client at most that much to send again; one fsync per 16 MiB is cheap.
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long CheckpointBytes { get; set; } = 16 * 1024 * 1024;
}

using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Storage;

/// <summary>
/// Integrity of stored content. <see cref="Verify"/> wraps a whole-file read so that a blob whose bytes are not what was
/// stored fails the read (<see cref="BlobDamagedException"/>) instead of ending it normally; <see cref="ReportAsync"/> is
/// what every finder of damage calls (reads, zips, the scrub): count it, mark the blob in the metadata store so later
/// reads, zips, copies and restores refuse it before a byte is sent, and log one line the first time.
/// </summary>
public sealed class BlobHealth(IBlobHealthStore store, TimeProvider clock, ILogger<BlobHealth> logger)
{
    public const string ByRead = "read";
    public const string ByScrub = "scrub";

    /// <summary>
    /// A stream over <paramref name="content"/> that verifies size and CRC-32C (or SHA-256, without one) when it is read
    /// whole from the start.
    /// </summary>
    public Stream Verify(Stream content, string blobId, long size, string sha256, uint? crc32c) =>
        new VerifyingReadStream(ReportDamage(content, blobId), blobId, size, sha256, crc32c, damage => ReportAsync(blobId, damage, ByRead));

    /// <summary>
    /// Reports damage the store itself detects (an encrypted chunk that does not authenticate) as a read passes: on its
    /// own for a range, which cannot be verified, and under <see cref="Verify"/> for a whole file.
    /// </summary>
    public Stream ReportDamage(Stream content, string blobId) =>
        new DamageReportingReadStream(content, damage => ReportAsync(blobId, damage, ByRead));

    /// <summary>Counts, marks and (the first time) logs damage. Never throws for the store: the caller's own failure matters more.</summary>
    public async Task ReportAsync(string blobId, BlobDamage damage, string detectedBy)
    {
        StorageMetrics.Damaged(damage, detectedBy);
        bool newly;
        try
        {
            // Not the request's token: the client that received a damaged file may be gone, and the mark must stay.
            newly = await store.MarkDamagedAsync(blobId, clock.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);
        }
        catch (DbException e)
        {
            StorageLog.MarkFailed(logger, blobId, e);
            return;
        }

        if (newly)
        {
            StorageLog.BlobDamaged(logger, blobId, StorageMetrics.DamageName(damage), detectedBy);
        }
    }

    /// <summary>A blob whose file is missing is damage only while a version still refers to it (else it was just purged).</summary>
    public Task<bool> IsReferencedAsync(string blobId, CancellationToken cancellationToken) => store.IsReferencedAsync(blobId, cancellationToken);
}

using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Storage;

/// <summary>
/// Re-hashes every blob the metadata store knows, online, at most <see cref="ScrubOptions.BytesPerSecond"/>: damaged
/// and missing blobs are marked (reads, zips and copies then refuse them) and reported with every path that refers to
/// them; a marked blob found good again (restored from a backup) is un-marked. Reads go through
/// <see cref="IBlobStore.OpenReadAsync"/> only, so any store (local, S3) can be scrubbed.
/// </summary>
public sealed class BlobScrubber(
    IBlobStore blobs, IBlobHealthStore store, BlobHealth health, ScrubOptions options, TimeProvider clock, ILogger<BlobScrubber> logger)
{
    private const int PageSize = 200;
    private const int BufferSize = 256 * 1024;
    private long _checked;

    /// <summary>Blobs checked so far by the scrub that is running (for a progress report).</summary>
    public long Progress => Interlocked.Read(ref _checked);

    public async Task<ScrubReport> RunAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow();
        var startedAt = clock.GetTimestamp();
        Interlocked.Exchange(ref _checked, 0);
        long bytes = 0;
        var damaged = new List<ScrubFinding>();
        var recovered = new List<ScrubFinding>();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        StorageLog.ScrubStarted(logger, options.BytesPerSecond);
        try
        {
            string? after = null;
            while (await store.ListAsync(after, PageSize, cancellationToken) is { Count: > 0 } page)
            {
                foreach (var blob in page)
                {
                    var (damage, read) = await CheckAsync(blob, buffer, bytes, startedAt, cancellationToken);
                    bytes += read;
                    Interlocked.Increment(ref _checked);
                    await RecordAsync(blob, damage, damaged, recovered, cancellationToken);
                }

                after = page[^1].Id;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            StorageLog.ScrubStopped(logger, e);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var report = new ScrubReport(started, clock.GetUtcNow(), Progress, bytes, damaged, recovered);
        StorageMetrics.ScrubCompleted(report);
        StorageLog.ScrubCompleted(logger, report.BlobsChecked, bytes, damaged.Count, recovered.Count, clock.GetElapsedTime(startedAt).TotalSeconds);
        return report;
    }

    private async Task RecordAsync(BlobRecord blob, BlobDamage? damage, List<ScrubFinding> damaged, List<ScrubFinding> recovered,
        CancellationToken cancellationToken)
    {
        if (damage is { } found)
        {
            // A file missing because a purge removed the blob after the listing read its row is no damage.
            if (found == BlobDamage.Missing && !await health.IsReferencedAsync(blob.Id, cancellationToken))
            {
                return;
            }

            await health.ReportAsync(blob.Id, found, BlobHealth.ByScrub);
            damaged.Add(new ScrubFinding(blob.Id, found, await store.LocateAsync(blob.Id, options.MaxLocationsPerBlob, cancellationToken)));
        }
        else if (blob.DamagedAt is not null && await store.ClearDamagedAsync(blob.Id, cancellationToken))
        {
            StorageLog.BlobRecovered(logger, blob.Id);
            recovered.Add(new ScrubFinding(blob.Id, null, await store.LocateAsync(blob.Id, options.MaxLocationsPerBlob, cancellationToken)));
        }
    }

    /// <summary>Hashes one blob, pacing the reads so the whole scrub stays under the configured rate. Returns the damage and the bytes read.</summary>
    private async Task<(BlobDamage? Damage, long Read)> CheckAsync(
        BlobRecord blob, byte[] buffer, long bytesBefore, long startedAt, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long read = 0;
        try
        {
            await using var opened = await blobs.OpenReadAsync(blob.Id, 0, null, cancellationToken);
            if (opened is null)
            {
                return (BlobDamage.Missing, 0);
            }

            var content = opened.Content;
            int n;
            while ((n = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                read += n;
                await PaceAsync(bytesBefore + read, startedAt, cancellationToken);
            }
        }
        catch (BlobDamagedException e)
        {
            // An encrypted store's chunk or header that does not authenticate (EncryptedBlobStore): damage of this blob,
            // found before its bytes were returned, not a failure of the scrub.
            return (e.Damage, read);
        }

        return read != blob.Size ? (BlobDamage.SizeMismatch, read)
            : Convert.ToHexStringLower(hash.GetHashAndReset()) != blob.Sha256 ? (BlobDamage.ContentMismatch, read)
            : (null, read);
    }

    // The rate is a bound on the whole run, not per read: wait until the bytes read so far are due.
    private async Task PaceAsync(long bytes, long startedAt, CancellationToken cancellationToken)
    {
        var due = TimeSpan.FromSeconds((double)bytes / options.BytesPerSecond);
        var ahead = due - clock.GetElapsedTime(startedAt);
        if (ahead > TimeSpan.Zero)
        {
            await Task.Delay(ahead, clock, cancellationToken);
        }
    }
}

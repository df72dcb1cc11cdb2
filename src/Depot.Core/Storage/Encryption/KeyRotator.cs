namespace Depot.Core.Storage.Encryption;

/// <summary>
/// Re-wraps every blob's data key from <paramref name="oldKey"/> to <paramref name="newKey"/> without re-encrypting
/// (<c>depot-server rotate-key</c>). In the data folder the header is rewritten in place, in three writes, each to one
/// key slot and made durable before the next: slot 2 := new, slot 1 := new, slot 2 := empty; whenever a crash comes, one
/// slot is intact and opens with the old or the new key. On S3, where an object cannot be changed in place, the object is
/// replaced whole (the new header, then its ciphertext as it was), which S3 does atomically. Either way a second run
/// (which accepts both keys) carries on, skipping blobs whose slots name only the new key. Afterwards only the new key
/// opens any blob.
/// </summary>
public sealed class KeyRotator(IBlobStore raw, MasterKey oldKey, MasterKey newKey)
{
    /// <summary>How many failures a report lists by id; the count goes on beyond it.</summary>
    public const int MaxListedFailures = 100;

    private static readonly byte[] EmptySlot = new byte[BlobHeader.SlotSize];

    public async Task<KeyRotationReport> RotateAsync(Action<long>? onProgress, CancellationToken cancellationToken)
    {
        long blobs = 0, rotated = 0, already = 0, failed = 0;
        var failures = new List<string>();
        var header = new byte[BlobHeader.Size];
        await foreach (var blob in raw.ListAsync(cancellationToken))
        {
            blobs++;
            switch (await RotateOneAsync(blob.Id, header, cancellationToken))
            {
                case null:
                    already++;
                    break;
                case true:
                    rotated++;
                    break;
                default:
                    failed++;
                    if (failures.Count < MaxListedFailures)
                    {
                        failures.Add(blob.Id);
                    }

                    break;
            }

            onProgress?.Invoke(blobs);
        }

        return new KeyRotationReport(blobs, rotated, already, failed, failures);
    }

    /// <summary>True when re-wrapped, null when only the new key opened it already, false when neither key opens it.</summary>
    private async Task<bool?> RotateOneAsync(string id, byte[] bytes, CancellationToken cancellationToken)
    {
        await using (var opened = await raw.OpenReadAsync(id, 0, BlobHeader.Size, cancellationToken))
        {
            // Deleted since the listing (garbage collection of an orphan): nothing to rotate.
            if (opened is null)
            {
                return null;
            }

            await opened.Content.ReadExactlyAsync(bytes, cancellationToken);
        }

        if (BlobHeader.Open(bytes, [oldKey, newKey]) is not { } header)
        {
            return false;
        }

        var ids = BlobHeader.KeyIds(bytes);
        if (ids[0] == newKey.Id && ids[1] is null)
        {
            return null;
        }

        switch (raw)
        {
            case LocalBlobStore local:
                // Each write is one slot (68 bytes inside the first 512): a torn write damages at most that slot.
                return local.OverwriteInPlace(id, BlobHeader.OffsetOf(1), header.Wrap(newKey))
                    && local.OverwriteInPlace(id, BlobHeader.OffsetOf(0), header.Wrap(newKey))
                    && local.OverwriteInPlace(id, BlobHeader.OffsetOf(1), EmptySlot) ? true : null;
            case S3.S3BlobStore s3:
                var rewritten = bytes.ToArray();
                header.Wrap(newKey).CopyTo(rewritten, BlobHeader.OffsetOf(0));
                EmptySlot.CopyTo(rewritten, BlobHeader.OffsetOf(1));
                var chunks = await raw.OpenReadAsync(id, BlobHeader.Size, null, cancellationToken);
                if (chunks is null)
                {
                    return null;
                }

                await using (var content = new PrefixedReadStream(rewritten, chunks.Content))
                {
                    return (await s3.ReplaceAsync(id, content, cancellationToken)).IsSuccess;
                }
            default:
                throw new NotSupportedException($"{raw.GetType().Name} cannot have blob headers rewritten.");
        }
    }
}

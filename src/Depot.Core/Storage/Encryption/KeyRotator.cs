namespace Depot.Core.Storage.Encryption;

/// <summary>
/// Re-wraps every blob's data key from <paramref name="oldKey"/> to <paramref name="newKey"/> without touching the
/// ciphertext (<c>depot-server rotate-key</c>), in place in the data folder. Each blob takes three writes, each to one
/// key slot of the header and made durable before the next: slot 2 := new, slot 1 := new, slot 2 := empty. Whenever a
/// crash comes, one slot is intact and opens with the old or the new key, and a second run (which accepts both) carries
/// on; a blob whose slots name only the new key is skipped. Afterwards only the new key opens any blob.
/// </summary>
public sealed class KeyRotator(LocalBlobStore raw, MasterKey oldKey, MasterKey newKey)
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

        // Each write is one slot (68 bytes inside the first 512): a torn write damages at most that slot.
        return raw.OverwriteInPlace(id, BlobHeader.OffsetOf(1), header.Wrap(newKey))
            && raw.OverwriteInPlace(id, BlobHeader.OffsetOf(0), header.Wrap(newKey))
            && raw.OverwriteInPlace(id, BlobHeader.OffsetOf(1), EmptySlot) ? true : null;
    }
}

using System.Buffers;
using System.Security.Cryptography;
using Depot.Core.Storage;

namespace Depot.Core.Backups;

/// <summary>
/// Copies every blob a metadata snapshot records (<c>blobs</c>, read page by page in id order; not those kept inline,
/// which the snapshot holds) from a raw store to a raw local store under the same ids, for backup and restore. Bytes are copied as stored: with encryption at rest the copy
/// holds ciphertext. Each copy is then read back through the layer (<see cref="IBlobStoreLayer.Wrap"/>) and its size and
/// SHA-256 checked against the record; a copy that fails is deleted again and named. A blob already at the destination
/// with the source's stored size is left as it is (blobs never change, so a second backup copies only new ones);
/// <paramref name="verifyExisting"/> hashes those too (restore verifies everything it is about to serve).
/// </summary>
public sealed class BlobCopier(IBlobHealthStore snapshot, IBlobStore sourceRaw, LocalBlobStore destinationRaw, IBlobStoreLayer layer,
    bool verifyExisting = false)
{
    public const int MaxListedProblems = 100;

    private const int PageSize = 500;
    private const int BufferSize = 256 * 1024;

    private readonly IBlobStore _destination = layer.Wrap(destinationRaw);

    /// <summary>Copies every blob; <c>onProgress</c> is called after each with the blobs done and the bytes copied so far.</summary>
    public async Task<BlobCopyReport> CopyAsync(Action<long, long>? onProgress, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        long blobs = 0, copied = 0, bytes = 0, already = 0, failed = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            string? after = null;
            while (await snapshot.ListAsync(after, PageSize, cancellationToken) is { Count: > 0 } page)
            {
                // Content kept inline is in the metadata itself, which the backup copies whole.
                foreach (var blob in page.Where(b => !Ids.IsInlineBlob(b.Id)))
                {
                    var (outcome, problem, stored) = await CopyOneAsync(blob, buffer, cancellationToken);
                    switch (outcome)
                    {
                        case Outcome.Copied:
                            copied++;
                            bytes += stored;
                            break;
                        case Outcome.AlreadyThere:
                            already++;
                            break;
                        default:
                            failed++;
                            if (problems.Count < MaxListedProblems)
                            {
                                problems.Add($"{blob.Id}: {problem}");
                            }

                            break;
                    }

                    blobs++;
                    onProgress?.Invoke(blobs, bytes);
                }

                after = page[^1].Id;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new BlobCopyReport(blobs, copied, bytes, already, failed, problems);
    }

    private enum Outcome { Copied, AlreadyThere, Failed }

    private async Task<(Outcome, string?, long)> CopyOneAsync(BlobRecord blob, byte[] buffer, CancellationToken cancellationToken)
    {
        await using var source = await sourceRaw.OpenReadAsync(blob.Id, 0, null, cancellationToken);
        if (source is null)
        {
            return (Outcome.Failed, "the source store has no such blob", 0);
        }

        long? existing;
        await using (var head = await destinationRaw.OpenReadAsync(blob.Id, 0, 0, cancellationToken))
        {
            existing = head?.BlobSize;
        }

        if (existing == source.BlobSize && (!verifyExisting || await VerifyAsync(blob, buffer, cancellationToken) is null))
        {
            return (Outcome.AlreadyThere, null, 0);
        }

        if (existing is not null)
        {
            // A copy cut short by an earlier run that was killed (or damaged since): replaced.
            await destinationRaw.DeleteAsync(blob.Id, cancellationToken);
        }

        var written = await destinationRaw.WriteAsAsync(blob.Id, source.Content, source.BlobSize, cancellationToken);
        if (!written.IsSuccess)
        {
            return (Outcome.Failed, "the source grew during the copy", 0);
        }

        if (await VerifyAsync(blob, buffer, cancellationToken) is { } damage)
        {
            await destinationRaw.DeleteAsync(blob.Id, cancellationToken);
            return (Outcome.Failed, $"the copy {damage} (the source is damaged); it was not kept", 0);
        }

        return (Outcome.Copied, null, written.Value.Size);
    }

    // Reads the copy as the server would (through the layer: decrypted and authenticated when encrypted) and hashes it.
    private async Task<string?> VerifyAsync(BlobRecord blob, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await using var copy = await _destination.OpenReadAsync(blob.Id, 0, null, cancellationToken);
            if (copy is null)
            {
                return "is missing";
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            int read;
            while ((read = await copy.Content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            return size != blob.Size ? $"has {size} bytes where the metadata records {blob.Size}"
                : sha256 != blob.Sha256 ? $"has SHA-256 {sha256} where the metadata records {blob.Sha256}"
                : null;
        }
        catch (Exception e) when (e is IOException or BlobDamagedException or CryptographicException)
        {
            return $"cannot be read back ({e.Message.TrimEnd('.')})";
        }
    }
}

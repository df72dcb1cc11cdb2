using System.Buffers;
using System.Security.Cryptography;
using Depot.Core.Storage.S3;

namespace Depot.Core.Storage.Move;

/// <summary>
/// Copies every blob the metadata records (<c>blobs</c>, read page by page, never changed; not those kept inline in the
/// metadata store) from the local blob folder into a bucket under the same ids, for <c>depot-server migrate-blobs --to s3</c>. Per blob:
/// <list type="number">
/// <item>an object of the recorded size already in the bucket is left as it is (a second run continues where the first
/// stopped); one of another size is a copy cut off by something else and is replaced;</item>
/// <item>the local file is hashed first and must match the recorded size and SHA-256: damaged content never reaches the
/// bucket, where a later run would take it for a finished copy;</item>
/// <item>it is streamed up (<see cref="S3BlobStore"/>'s upload: one part buffer at a time, hashed as it is sent) and the
/// SHA-256 of what was sent must match the record;</item>
/// <item>the object is read back and hashed: only bytes the bucket returns intact count as copied; otherwise it is
/// deleted again.</item>
/// </list>
/// Local files are never deleted or changed. Blobs are moved one at a time in id order, so memory stays at one part
/// buffer and one read buffer whatever the sizes. <paramref name="source"/> and <paramref name="target"/> are raw stores:
/// the bytes are copied as stored (ciphertext, with encryption at rest), and every check of content reads through
/// <paramref name="layer"/>, against the plaintext's recorded size and SHA-256.
/// </summary>
public sealed class BlobMover(IBlobHealthStore metadata, IBlobStore source, S3BlobStore target, IBlobStoreLayer layer)
{
    private readonly IBlobStore _sourceContent = layer.Wrap(source);
    private readonly IBlobStore _targetContent = layer.Wrap(target);
    private readonly bool _plain = layer is PlainBlobStoreLayer;

    public BlobMover(IBlobHealthStore metadata, IBlobStore source, S3BlobStore target)
        : this(metadata, source, target, new PlainBlobStoreLayer())
    {
    }

    /// <summary>How many problems a report lists by id; the counts go on beyond it.</summary>
    public const int MaxListedProblems = 100;

    private const int PageSize = 500;
    private const int BufferSize = 256 * 1024;

    /// <summary>Moves every blob; <c>onProgress</c> is called after each one with the blobs done and bytes copied so far.</summary>
    public async Task<BlobMoveReport> MoveAsync(Action<long, long>? onProgress, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            string? after = null;
            while (await metadata.ListAsync(after, PageSize, cancellationToken) is { Count: > 0 } page)
            {
                // Content kept inline stays in the metadata store, which every node shares.
                foreach (var blob in page.Where(b => !Ids.IsInlineBlob(b.Id)))
                {
                    await MoveOneAsync(blob, buffer, tally, cancellationToken);
                    tally.Blobs++;
                    onProgress?.Invoke(tally.Blobs, tally.BytesCopied);
                }

                after = page[^1].Id;
            }
        }
        catch (StorageUnavailableException e)
        {
            tally.StoppedBy = e.Message;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return tally.ToReport();
    }

    private async Task MoveOneAsync(BlobRecord blob, byte[] buffer, Tally tally, CancellationToken cancellationToken)
    {
        long? existing;
        try
        {
            await using var head = await _targetContent.OpenReadAsync(blob.Id, 0, 0, cancellationToken);
            existing = head?.BlobSize;
        }
        catch (BlobDamagedException)
        {
            // Not the size of any sealed blob: a copy cut short, replaced below like one of the wrong size.
            existing = -1;
        }

        if (existing == blob.Size)
        {
            tally.AlreadyThere++;
            return;
        }

        (long Size, string Sha256) found;
        try
        {
            await using var local = await _sourceContent.OpenReadAsync(blob.Id, 0, null, cancellationToken);
            if (local is null)
            {
                tally.Add(new BlobMoveProblem(blob.Id, BlobMoveFailure.MissingLocally, "the local blob folder has no file for it"));
                return;
            }

            found = await HashAsync(local.Content, buffer, cancellationToken);
        }
        catch (IOException e)
        {
            // A disk error under one file (EIO), or an encrypted blob that does not authenticate: that blob's damage, not
            // the end of the whole move.
            tally.Add(new BlobMoveProblem(blob.Id, BlobMoveFailure.DamagedLocally, $"the local file cannot be read ({e.Message.TrimEnd('.')})"));
            return;
        }

        if (Mismatch(blob, found) is { } localDamage)
        {
            tally.Add(new BlobMoveProblem(blob.Id, BlobMoveFailure.DamagedLocally, $"the local file {localDamage}"));
            return;
        }

        if (existing is not null)
        {
            // An object of the wrong size under this id: a copy cut off by something other than this command (its own
            // uploads are atomic), so not Depot's data yet. Replaced, since uploads never overwrite.
            await target.DeleteAsync(blob.Id, cancellationToken);
            tally.Replaced++;
        }

        await using (var local = await source.OpenReadAsync(blob.Id, 0, null, cancellationToken))
        {
            if (local is null)
            {
                tally.Add(new BlobMoveProblem(blob.Id, BlobMoveFailure.MissingLocally, "the local file disappeared during the copy"));
                return;
            }

            // The limit is the recorded size (the stored size, under a layer: the file as it was opened): a file that grew since
            // it was hashed fails the write rather than being sent whole.
            var stored = await target.WriteAsAsync(blob.Id, local.Content, _plain ? blob.Size : local.BlobSize, cancellationToken);
            var damage = !stored.IsSuccess ? "grew during the copy"
                : _plain ? Mismatch(blob, stored.Value.Size, stored.Value.Sha256)
                : stored.Value.Size != local.BlobSize ? $"has {stored.Value.Size} bytes where it had {local.BlobSize}" : null;
            if (damage is not null)
            {
                await target.DeleteAsync(blob.Id, cancellationToken);
                tally.Add(new BlobMoveProblem(blob.Id, BlobMoveFailure.DamagedLocally, $"the local file changed during the copy: it {damage}"));
                return;
            }
        }

        string? copyDamage;
        try
        {
            await using var copy = await _targetContent.OpenReadAsync(blob.Id, 0, null, cancellationToken);
            copyDamage = copy is null ? "is missing" : Mismatch(blob, await HashAsync(copy.Content, buffer, cancellationToken));
        }
        catch (BlobDamagedException e)
        {
            copyDamage = $"does not decrypt ({e.Damage})";
        }

        if (copyDamage is not null)
        {
            await target.DeleteAsync(blob.Id, cancellationToken);
            tally.Add(new BlobMoveProblem(blob.Id, BlobMoveFailure.NotVerifiedInBucket,
                $"the object read back from the bucket {copyDamage}; it was deleted again"));
            return;
        }

        tally.Copied++;
        tally.BytesCopied += blob.Size;
    }

    private static string? Mismatch(BlobRecord blob, (long Size, string Sha256) found) => Mismatch(blob, found.Size, found.Sha256);

    private static string? Mismatch(BlobRecord blob, long size, string sha256) =>
        size != blob.Size ? $"has {size} bytes where the metadata records {blob.Size}"
        : !string.Equals(sha256, blob.Sha256, StringComparison.Ordinal) ? $"has SHA-256 {sha256} where the metadata records {blob.Sha256}"
        : null;

    private static async Task<(long Size, string Sha256)> HashAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        int read;
        while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            size += read;
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private sealed class Tally
    {
        private readonly List<BlobMoveProblem> _problems = [];
        private long _missing;
        private long _damaged;
        private long _notVerified;

        public long Blobs { get; set; }

        public long Copied { get; set; }

        public long Replaced { get; set; }

        public long AlreadyThere { get; set; }

        public long BytesCopied { get; set; }

        public string? StoppedBy { get; set; }

        public void Add(BlobMoveProblem problem)
        {
            _ = problem.Failure switch
            {
                BlobMoveFailure.MissingLocally => ++_missing,
                BlobMoveFailure.DamagedLocally => ++_damaged,
                _ => ++_notVerified,
            };
            if (_problems.Count < MaxListedProblems)
            {
                _problems.Add(problem);
            }
        }

        public BlobMoveReport ToReport() =>
            new(Blobs, Copied, Replaced, AlreadyThere, BytesCopied, _missing, _damaged, _notVerified, _problems, StoppedBy);
    }
}

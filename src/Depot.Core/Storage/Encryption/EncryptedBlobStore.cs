using Depot.Protocol;

namespace Depot.Core.Storage.Encryption;

/// <summary>
/// Encryption at rest over any raw store (the data folder, a bucket): blobs are written in the format of
/// <see cref="BlobHeader"/> and <see cref="ChunkLayout"/>, so the raw store only ever holds ciphertext, and read back
/// by opening just the chunks a range needs. What callers see is the plaintext: sizes, ranges, and the SHA-256 that
/// <see cref="WriteAsync"/> reports. New blobs are sealed with the first of <paramref name="keys"/>; any of them opens
/// one (the old key stays readable while <see cref="KeyRotator"/> runs). A blob that does not authenticate (damaged,
/// tampered, cut short, or sealed with a key not given) reads as <see cref="BlobDamagedException"/>.
/// </summary>
public sealed class EncryptedBlobStore(IBlobStore raw, IReadOnlyList<MasterKey> keys) : IBlobStore
{
    /// <summary>The keys that open blobs; the first seals new ones.</summary>
    public IReadOnlyList<MasterKey> Keys => keys;

    /// <summary>The store that holds the ciphertext.</summary>
    public IBlobStore Raw => raw;

    public async Task<Result<StoredBlob>> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
        await SealAsync(content, maxBytes, (sealedContent, limit) => raw.WriteAsync(sealedContent, limit, cancellationToken));

    /// <summary>
    /// Writes a blob under an id chosen elsewhere (a finished upload's), like <see cref="WriteAsync"/>; the raw store must
    /// offer it (<see cref="IBlobWritesWithId"/>), and never overwrites.
    /// </summary>
    public async Task<Result<StoredBlob>> WriteAsAsync(string id, Stream content, long maxBytes, CancellationToken cancellationToken) =>
        raw is IBlobWritesWithId named
            ? await SealAsync(content, maxBytes, (sealedContent, limit) => named.WriteAsAsync(id, sealedContent, limit, cancellationToken))
            : throw new NotSupportedException($"{raw.GetType().Name} cannot write a blob under a given id.");

    public async Task<OpenedBlob?> OpenReadAsync(string id, long offset, long? length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length == 0)
        {
            await using var sized = await raw.OpenReadAsync(id, 0, 0, cancellationToken);
            return sized is null ? null : new OpenedBlob(new EmptyReadStream(), PlaintextLength(id, sized.BlobSize));
        }

        // Reading from the start is one raw read: the header, then the chunks up to the last one wanted (the raw store
        // stops at the end). Elsewhere, the header first, then one ranged read of the chunks the range covers.
        var first = offset / ChunkLayout.ChunkSize;
        var storedEnd = length is { } wanted ? ChunkLayout.StoredOffset(((offset + wanted - 1) / ChunkLayout.ChunkSize) + 1) : (long?)null;
        var opened = await raw.OpenReadAsync(id, 0, offset == 0 ? storedEnd : BlobHeader.Size, cancellationToken);
        if (opened is null)
        {
            return null;
        }

        var handedOn = false;
        try
        {
            var plaintextLength = PlaintextLength(id, opened.BlobSize);
            var header = await ReadHeaderAsync(id, opened.Content, cancellationToken);
            if (offset >= plaintextLength)
            {
                return new OpenedBlob(new EmptyReadStream(), plaintextLength);
            }

            var count = Math.Min(plaintextLength - offset, length ?? long.MaxValue);
            var stored = opened.Content;
            if (offset != 0)
            {
                await opened.DisposeAsync();
                var chunks = await raw.OpenReadAsync(id, ChunkLayout.StoredOffset(first),
                    storedEnd is { } end ? end - ChunkLayout.StoredOffset(first) : null, cancellationToken);
                stored = chunks?.Content ?? throw new BlobDamagedException(id, BlobDamage.Missing);
            }

            handedOn = true;
            return new OpenedBlob(new DecryptingReadStream(stored, new ChunkCipher(header), id, plaintextLength, first,
                (int)(offset - (first * ChunkLayout.ChunkSize)), count), plaintextLength);
        }
        finally
        {
            if (!handedOn)
            {
                await opened.DisposeAsync();
            }
        }
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken) => raw.DeleteAsync(id, cancellationToken);

    public Task CheckReadyAsync(CancellationToken cancellationToken) => raw.CheckReadyAsync(cancellationToken);

    public IAsyncEnumerable<BlobListing> ListAsync(CancellationToken cancellationToken) => raw.ListAsync(cancellationToken);

    /// <summary>
    /// Which of the given keys open blob <paramref name="id"/>'s header: the key ids in its slots and whether one of
    /// the store's keys opens it; null when the blob does not exist or is a header cut short (a write a crash interrupted:
    /// an orphan that tells nothing). A short blob that does not start like a header is unencrypted.
    /// </summary>
    public async Task<BlobKeyCheck?> CheckKeyAsync(string id, CancellationToken cancellationToken)
    {
        await using var opened = await raw.OpenReadAsync(id, 0, BlobHeader.Size, cancellationToken);
        if (opened is null)
        {
            return null;
        }

        var bytes = new byte[BlobHeader.Size];
        var filled = await FillAsync(opened.Content, bytes, cancellationToken);
        if (filled < BlobHeader.Size && (filled <= BlobHeader.VersionOffset || BlobHeader.StartsLikeEncrypted(bytes.AsSpan(0, filled))))
        {
            return null;
        }

        if (!BlobHeader.LooksEncrypted(bytes))
        {
            return new BlobKeyCheck(id, Encrypted: false, Opens: false, []);
        }

        return new BlobKeyCheck(id, Encrypted: true, BlobHeader.Open(bytes, keys) is not null, [.. BlobHeader.KeyIds(bytes).OfType<string>()]);
    }

    private async Task<Result<StoredBlob>> SealAsync(Stream content, long maxBytes, Func<Stream, long, Task<Result<StoredBlob>>> write)
    {
        await using var sealing = new EncryptingReadStream(content, keys[0], maxBytes);
        Result<StoredBlob> written;
        try
        {
            written = await write(sealing, ChunkLayout.StoredLength(maxBytes));
        }
        catch (ContentTooLargeException)
        {
            return Result<StoredBlob>.Fail(ErrorCodes.PayloadTooLarge, $"The content exceeds the limit of {maxBytes} bytes.");
        }

        return written.IsSuccess ? new StoredBlob(written.Value.Id, sealing.PlaintextLength, sealing.Sha256()) : written.Error;
    }

    private async Task<BlobHeader> ReadHeaderAsync(string id, Stream content, CancellationToken cancellationToken)
    {
        var bytes = new byte[BlobHeader.Size];
        if (await FillAsync(content, bytes, cancellationToken) < BlobHeader.Size)
        {
            throw new BlobDamagedException(id, BlobDamage.SizeMismatch);
        }

        return BlobHeader.Open(bytes, keys) ?? throw new BlobDamagedException(id, BlobDamage.ContentMismatch);
    }

    private static long PlaintextLength(string id, long storedLength) =>
        ChunkLayout.PlaintextLength(storedLength) ?? throw new BlobDamagedException(id, BlobDamage.SizeMismatch);

    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await content.ReadAsync(buffer.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        return filled;
    }
}

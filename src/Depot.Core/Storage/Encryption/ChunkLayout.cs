namespace Depot.Core.Storage.Encryption;

/// <summary>
/// Where things lie in an encrypted blob: the <see cref="BlobHeader"/>, then the content in chunks of
/// <see cref="ChunkSize"/> plaintext bytes, each followed by its 16-byte GCM tag; the last chunk is shorter (an empty
/// blob has one empty chunk, so even emptiness is authenticated). The plaintext size follows from the stored size, so
/// nothing else needs recording, and a range maps to a run of whole chunks that one ranged read fetches.
/// </summary>
internal static class ChunkLayout
{
    // 64 KiB: a ranged read decrypts at most two chunks it does not need in full (128 KiB), and the tag costs 0.02%.
    public const int ChunkSize = 64 * 1024;

    public const int TagSize = 16;

    public const int StoredChunkSize = ChunkSize + TagSize;

    /// <summary>How many chunks hold <paramref name="plaintextLength"/> bytes (at least one).</summary>
    public static long ChunkCount(long plaintextLength) => Math.Max(1, (plaintextLength + ChunkSize - 1) / ChunkSize);

    /// <summary>The stored size of <paramref name="plaintextLength"/> bytes; <see cref="long.MaxValue"/> past what a long holds.</summary>
    public static long StoredLength(long plaintextLength) =>
        plaintextLength > long.MaxValue / 2 ? long.MaxValue : BlobHeader.Size + plaintextLength + (ChunkCount(plaintextLength) * TagSize);

    /// <summary>The plaintext size of a blob stored in <paramref name="storedLength"/> bytes; null when no blob has that size (cut short).</summary>
    public static long? PlaintextLength(long storedLength)
    {
        var body = storedLength - BlobHeader.Size;
        if (body < TagSize)
        {
            return null;
        }

        var chunks = (body + StoredChunkSize - 1) / StoredChunkSize;
        var last = body - ((chunks - 1) * StoredChunkSize);
        return last < TagSize ? null : body - (chunks * TagSize);
    }

    /// <summary>Where chunk <paramref name="index"/> starts in the stored blob.</summary>
    public static long StoredOffset(long index) => BlobHeader.Size + (index * StoredChunkSize);

    /// <summary>The plaintext size of chunk <paramref name="index"/> of a blob of <paramref name="plaintextLength"/> bytes.</summary>
    public static int PlaintextSize(long index, long plaintextLength) =>
        (int)Math.Min(ChunkSize, plaintextLength - (index * ChunkSize));
}

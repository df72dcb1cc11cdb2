using System.Buffers;
using System.Security.Cryptography;
using Dapper;
using Depot.Core.Data;
using Depot.Protocol;

namespace Depot.Core.Storage;

/// <summary>
/// Small files kept in the metadata store. An upload of at most <see cref="MaxBytes"/> bytes is read into memory
/// (<see cref="WriteOrStageAsync"/>) and its content written by the very transaction that commits its metadata
/// (<c>blob_contents</c>, inserted with the <c>blobs</c> row), so one durable commit (SQLite's WAL fsync, PostgreSQL's
/// WAL flush) covers every small file of a group commit, and no file, fsync or S3 round trip is spent on them. Crash
/// argument: content and metadata are one transaction; before its commit nothing of the upload exists, after it both do.
/// Such a blob has an id of its own kind (<see cref="Ids.NewInlineBlob"/>), so reads go to the metadata store by id
/// alone; every other blob passes through to <paramref name="inner"/> (the blob store, with encryption at rest if on).
/// </summary>
public sealed class InlineBlobStore(IBlobStore inner, IDatabase database, int maxBytes, TimeProvider clock) : IBlobStore
{
    /// <summary>The store of every other blob.</summary>
    public IBlobStore Inner => inner;

    /// <summary>The largest content kept inline; 0 when none is (encryption at rest, or switched off).</summary>
    public int MaxBytes => maxBytes;

    /// <summary>
    /// As <see cref="IBlobStore.WriteAsync"/>, except that content of at most <see cref="MaxBytes"/> bytes is not written
    /// anywhere: it comes back in <see cref="StoredBlob.InlineContent"/> under an inline id, for the transaction that
    /// inserts the blob's row to keep. A <paramref name="declaredLength"/> over the limit goes straight to the blob store;
    /// an unknown one is read up to one byte past the limit before deciding, and content that turns out larger is
    /// streamed on, those bytes first.
    /// </summary>
    public async Task<Result<StoredBlob>> WriteOrStageAsync(Stream content, long limit, long? declaredLength, CancellationToken cancellationToken)
    {
        if (maxBytes == 0 || declaredLength > maxBytes)
        {
            return await inner.WriteAsync(content, limit, cancellationToken);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var read = await content.ReadAtLeastAsync(buffer.AsMemory(0, maxBytes + 1), maxBytes + 1, throwOnEndOfStream: false, cancellationToken);
            if (read > maxBytes)
            {
                await using var whole = new PrefixedReadStream(buffer.AsMemory(0, read), content);
                return await inner.WriteAsync(whole, limit, cancellationToken);
            }

            if (read > limit)
            {
                return Result<StoredBlob>.Fail(ErrorCodes.PayloadTooLarge, $"The content exceeds the limit of {limit} bytes.");
            }

            // A copy of its exact size: the commit may still hold it after this request's buffer went back to the pool.
            var bytes = buffer.AsSpan(0, read).ToArray();
            return new StoredBlob(Ids.NewInlineBlob(clock), read, Convert.ToHexStringLower(SHA256.HashData(bytes))) { InlineContent = bytes };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Whether any content is kept inline: it is plaintext, so encryption at rest refuses to start over it, as over a
    /// blob store that holds unencrypted blobs. False before the schema has the table (a store not migrated yet).
    /// </summary>
    public async Task<bool> HoldsAnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(database.TableExistsSql, new { table = "blob_contents" },
                cancellationToken: cancellationToken))
            && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM blob_contents)", cancellationToken: cancellationToken));
    }

    public Task<Result<StoredBlob>> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
        inner.WriteAsync(content, maxBytes, cancellationToken);

    public async Task<OpenedBlob?> OpenReadAsync(string id, long offset, long? length, CancellationToken cancellationToken)
    {
        if (!Ids.IsInlineBlob(id))
        {
            return await inner.OpenReadAsync(id, offset, length, cancellationToken);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        await using var connection = await database.OpenAsync(cancellationToken);
        var content = await connection.ExecuteScalarAsync<byte[]>(new CommandDefinition(
            "SELECT content FROM blob_contents WHERE blob_id = @id", new { id }, cancellationToken: cancellationToken));
        return content is null ? null : Open(content, offset, length);
    }

    /// <summary>The range of inline <paramref name="content"/> a read asks for, with the same rules as any store's.</summary>
    public static OpenedBlob Open(byte[] content, long offset, long? length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var start = (int)Math.Min(offset, content.Length);
        var end = length is { } count && count < content.Length - start ? start + (int)count : content.Length;
        return new OpenedBlob(new MemoryStream(content, start, end - start, writable: false), content.Length);
    }

    /// <summary>An inline blob's content goes with its <c>blobs</c> row, in the transaction that deletes it: nothing is left to delete.</summary>
    public Task DeleteAsync(string id, CancellationToken cancellationToken) =>
        Ids.IsInlineBlob(id) ? Task.CompletedTask : inner.DeleteAsync(id, cancellationToken);

    public Task CheckReadyAsync(CancellationToken cancellationToken) => inner.CheckReadyAsync(cancellationToken);

    /// <summary>The blob store's blobs only: inline content is deleted with its blob's row, in the same transaction.</summary>
    public IAsyncEnumerable<BlobListing> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
}

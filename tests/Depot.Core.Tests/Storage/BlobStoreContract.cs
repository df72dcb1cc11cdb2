using System.Security.Cryptography;
using Depot.Core.Storage;
using Depot.Protocol;

namespace Depot.Core.Tests.Storage;

/// <summary>What every <see cref="IBlobStore"/> must do. One subclass per implementation.</summary>
public abstract class BlobStoreContract
{
    protected abstract IBlobStore Store { get; }

    private async Task<int> CountAsync()
    {
        var count = 0;
        await foreach (var _ in Store.ListAsync(CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    protected static async Task<byte[]> ReadAllAsync(OpenedBlob opened)
    {
        await using (opened)
        {
            Assert.False(opened.Content.CanSeek);
            using var copy = new MemoryStream();
            await opened.Content.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task Written_blob_reads_back_identical_with_its_sha256()
    {
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var stored = (await Store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;
        Assert.Equal(data.Length, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), stored.Sha256);

        var opened = (await Store.OpenReadAsync(stored.Id, 0, null, CancellationToken.None))!;
        Assert.Equal(data.Length, opened.BlobSize);
        Assert.Equal(data, await ReadAllAsync(opened));
    }

    [Fact]
    public async Task A_large_body_of_unknown_length_is_stored_whole()
    {
        // 12 MiB from a stream that cannot say its length: more than one S3 part (8 MiB) and more than one local buffer.
        var data = RandomNumberGenerator.GetBytes(12 * 1024 * 1024 + 5);
        var stored = (await Store.WriteAsync(new ForwardOnlyStream(data), long.MaxValue, CancellationToken.None)).Value;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), stored.Sha256);
        Assert.Equal(data, await ReadAllAsync((await Store.OpenReadAsync(stored.Id, 0, null, CancellationToken.None))!));
    }

    [Fact]
    public async Task Read_returns_the_range_asked_for_and_the_whole_size()
    {
        var data = RandomNumberGenerator.GetBytes(1000);
        var stored = (await Store.WriteAsync(new MemoryStream(data), 1000, CancellationToken.None)).Value;

        var tail = (await Store.OpenReadAsync(stored.Id, 900, null, CancellationToken.None))!;
        Assert.Equal(1000, tail.BlobSize);
        Assert.Equal(data[900..], await ReadAllAsync(tail));
        Assert.Equal(data[10..30], await ReadAllAsync((await Store.OpenReadAsync(stored.Id, 10, 20, CancellationToken.None))!));
        Assert.Equal(data[990..], await ReadAllAsync((await Store.OpenReadAsync(stored.Id, 990, 500, CancellationToken.None))!));
        Assert.Empty(await ReadAllAsync((await Store.OpenReadAsync(stored.Id, 1000, null, CancellationToken.None))!));
        Assert.Empty(await ReadAllAsync((await Store.OpenReadAsync(stored.Id, 5, 0, CancellationToken.None))!));
    }

    [Fact]
    public async Task A_missing_blob_reads_as_null()
    {
        var id = Ids.New(TimeProvider.System);
        Assert.Null(await Store.OpenReadAsync(id, 0, null, CancellationToken.None));
        Assert.Null(await Store.OpenReadAsync(id, 10, 5, CancellationToken.None));
    }

    [Fact]
    public async Task Every_write_is_a_new_blob_and_none_replaces_another()
    {
        var first = (await Store.WriteAsync(new MemoryStream([1]), 1, CancellationToken.None)).Value;
        var second = (await Store.WriteAsync(new MemoryStream([2]), 1, CancellationToken.None)).Value;
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal([1], await ReadAllAsync((await Store.OpenReadAsync(first.Id, 0, null, CancellationToken.None))!));
        Assert.Equal([2], await ReadAllAsync((await Store.OpenReadAsync(second.Id, 0, null, CancellationToken.None))!));
    }

    [Fact]
    public async Task Empty_content_is_a_blob()
    {
        var stored = (await Store.WriteAsync(new MemoryStream(), 0, CancellationToken.None)).Value;
        Assert.Equal(0, stored.Size);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", stored.Sha256);
    }

    [Fact]
    public async Task Exceeding_the_limit_fails_and_leaves_nothing()
    {
        var result = await Store.WriteAsync(new MemoryStream(new byte[1001]), 1000, CancellationToken.None);
        Assert.Equal(ErrorCodes.PayloadTooLarge, result.Error?.Code);
        // Past the first part too: a multipart upload in progress is abandoned.
        var large = await Store.WriteAsync(new ForwardOnlyStream(new byte[10 * 1024 * 1024]), 9 * 1024 * 1024, CancellationToken.None);
        Assert.Equal(ErrorCodes.PayloadTooLarge, large.Error?.Code);
        Assert.Equal(0, await CountAsync());
        await AssertNothingPendingAsync();
    }

    /// <summary>Whatever a store keeps of writes in progress (S3: multipart uploads) is gone after a failed write.</summary>
    protected virtual Task AssertNothingPendingAsync() => Task.CompletedTask;

    [Fact]
    public async Task Cancelled_write_leaves_nothing()
    {
        using var cts = new CancellationTokenSource();
        var source = new FaultingStream(512 * 1024, () => cts.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync(source, long.MaxValue, cts.Token));
        using var late = new CancellationTokenSource();
        var large = new FaultingStream(9 * 1024 * 1024, () => late.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync(large, long.MaxValue, late.Token));
        Assert.Equal(0, await CountAsync());
        await AssertNothingPendingAsync();
    }

    [Fact]
    public async Task Failing_source_leaves_nothing()
    {
        var source = new FaultingStream(512 * 1024, () => throw new IOException("client went away"));
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync(source, long.MaxValue, CancellationToken.None));
        var large = new FaultingStream(9 * 1024 * 1024, () => throw new IOException("client went away"));
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync(large, long.MaxValue, CancellationToken.None));
        Assert.Equal(0, await CountAsync());
        await AssertNothingPendingAsync();
    }

    [Fact]
    public async Task Deleted_blob_is_gone_and_deleting_twice_is_fine()
    {
        var stored = (await Store.WriteAsync(new MemoryStream([1, 2, 3]), 3, CancellationToken.None)).Value;
        await Store.DeleteAsync(stored.Id, CancellationToken.None);
        await Store.DeleteAsync(stored.Id, CancellationToken.None);
        Assert.Null(await Store.OpenReadAsync(stored.Id, 0, null, CancellationToken.None));
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Listing_shows_every_blob_with_a_recent_write_time()
    {
        // Five: more than one page where a store lists in pages (the S3 tests make a page two keys).
        var written = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            written.Add((await Store.WriteAsync(new MemoryStream([(byte)i]), 1, CancellationToken.None)).Value.Id);
        }

        var listed = new List<BlobListing>();
        await foreach (var blob in Store.ListAsync(CancellationToken.None))
        {
            listed.Add(blob);
        }

        Assert.Equal(written.Order(), listed.Select(l => l.Id).Order());
        Assert.All(listed, l => Assert.InRange(l.WrittenAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
    }

    /// <summary>A body that cannot seek or tell its length, as a request body of unknown length.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }

    /// <summary>Yields <c>bytesBeforeFault</c> bytes of data, then runs the fault (throw or cancel) on the next read.</summary>
    private sealed class FaultingStream(int bytesBeforeFault, Action fault) : Stream
    {
        private int _sent;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _sent; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().Result;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent >= bytesBeforeFault)
            {
                fault();
                cancellationToken.ThrowIfCancellationRequested();
            }

            var n = Math.Min(buffer.Length, 64 * 1024);
            buffer.Span[..n].Fill(7);
            _sent += n;
            return ValueTask.FromResult(n);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

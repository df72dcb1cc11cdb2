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

    [Fact]
    public async Task Written_blob_reads_back_identical_with_its_sha256()
    {
        var data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var stored = (await Store.WriteAsync(new MemoryStream(data), long.MaxValue, CancellationToken.None)).Value;
        Assert.Equal(data.Length, stored.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), stored.Sha256);

        await using var read = (await Store.OpenReadAsync(stored.Id, 0, CancellationToken.None))!;
        Assert.True(read.CanSeek);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task Read_starts_at_the_offset_and_can_seek()
    {
        var data = RandomNumberGenerator.GetBytes(1000);
        var stored = (await Store.WriteAsync(new MemoryStream(data), 1000, CancellationToken.None)).Value;
        await using var read = (await Store.OpenReadAsync(stored.Id, 900, CancellationToken.None))!;
        var tail = new byte[100];
        await read.ReadExactlyAsync(tail);
        Assert.Equal(data[900..], tail);
        read.Position = 10;
        Assert.Equal(data[10], (byte)read.ReadByte());
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
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Cancelled_write_leaves_nothing()
    {
        using var cts = new CancellationTokenSource();
        var source = new FaultingStream(512 * 1024, () => cts.Cancel());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.WriteAsync(source, long.MaxValue, cts.Token));
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Failing_source_leaves_nothing()
    {
        var source = new FaultingStream(512 * 1024, () => throw new IOException("client went away"));
        await Assert.ThrowsAsync<IOException>(() => Store.WriteAsync(source, long.MaxValue, CancellationToken.None));
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Deleted_blob_is_gone_and_deleting_twice_is_fine()
    {
        var stored = (await Store.WriteAsync(new MemoryStream([1, 2, 3]), 3, CancellationToken.None)).Value;
        await Store.DeleteAsync(stored.Id, CancellationToken.None);
        await Store.DeleteAsync(stored.Id, CancellationToken.None);
        Assert.Null(await Store.OpenReadAsync(stored.Id, 0, CancellationToken.None));
        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task Listing_shows_every_blob_with_a_recent_write_time()
    {
        var a = (await Store.WriteAsync(new MemoryStream([1]), 1, CancellationToken.None)).Value;
        var b = (await Store.WriteAsync(new MemoryStream([2]), 1, CancellationToken.None)).Value;
        var listed = new List<BlobListing>();
        await foreach (var blob in Store.ListAsync(CancellationToken.None))
        {
            listed.Add(blob);
        }

        Assert.Equal(new[] { a.Id, b.Id }.Order(), listed.Select(l => l.Id).Order());
        Assert.All(listed, l => Assert.InRange(l.WrittenAt, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
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

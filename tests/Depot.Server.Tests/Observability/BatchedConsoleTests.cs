using System.Text;
using Depot.Server.Observability;

namespace Depot.Server.Tests.Observability;

public sealed class BatchedConsoleTests
{
    [Fact]
    public void Every_line_is_written_in_order_by_the_time_it_is_disposed()
    {
        using var output = new MemoryStream();
        var console = new BatchedConsole(output);
        for (var i = 0; i < 5_000; i++)
        {
            console.Enqueue($"line {i}\n");
        }

        console.Dispose();
        console.Dispose();   // the host and the redacting wrapper both dispose it

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 5_000).Select(i => $"line {i}"), lines);
    }

    [Fact]
    public void A_stalled_output_never_blocks_the_logger_and_the_dropped_lines_are_counted()
    {
        using var stalled = new StalledStream();
        var console = new BatchedConsole(stalled);
        var started = DateTime.UtcNow;
        for (var i = 0; i < 50_000; i++)
        {
            console.Enqueue($"line {i}\n");
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "enqueueing waited for the output");
        stalled.Release();
        console.Dispose();

        var text = Encoding.UTF8.GetString(stalled.Written.ToArray());
        Assert.Contains("log line(s) dropped", text, StringComparison.Ordinal);
        Assert.StartsWith("line 0\n", text, StringComparison.Ordinal);
    }

    /// <summary>Standard output that blocks every write until released, as a paused pipe or a stuck journald would.</summary>
    private sealed class StalledStream : Stream
    {
        private readonly ManualResetEventSlim _open = new();

        public MemoryStream Written { get; } = new();

        public void Release() => _open.Set();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _open.Wait();
            Written.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Run(() => _open.Wait(cancellationToken), cancellationToken);
            Written.Write(buffer.Span);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => _open.Wait();

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.Run(() => _open.Wait(cancellationToken), cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _open.Dispose();
                Written.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

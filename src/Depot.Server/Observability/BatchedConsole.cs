using System.Text;
using System.Threading.Channels;

namespace Depot.Server.Observability;

/// <summary>
/// Standard output for the log, written in batches by one thread. The framework's console logger wakes its writer
/// thread for nearly every line and writes each with its own system call: at ten thousand requests a second that was
/// most of what the request line cost (bench/README.md, "Issue 13"). Here lines queue in a bounded channel; the writer
/// takes whatever has gathered, writes it in one buffered go, then waits <see cref="Gather"/> before looking again, so a
/// busy server pays a wake-up and a write per batch. A full queue drops lines rather than stall requests, and the next
/// batch says how many went. On shutdown the queue is written out; a crash loses at most the last batch's lines.
/// </summary>
internal sealed class BatchedConsole : IDisposable
{
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DrainOnStop = TimeSpan.FromSeconds(5);

    // 20,000 lines: two to three seconds of requests at the rate this server reaches on two cores.
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait, // TryWrite then answers false when full: the line is counted as dropped
    });

    private readonly CancellationTokenSource _stopping = new();
    // Kept apart from its source, which is disposed when stopping: a writer still draining past DrainOnStop reads only the token.
    private readonly CancellationToken _stoppingToken;
    private readonly Stream _output;
    private readonly Task _writer;
    private long _dropped;
    private int _disposed;

    public BatchedConsole(Stream output)
    {
        _output = output;
        _stoppingToken = _stopping.Token;
        _writer = Task.Run(WriteAsync, CancellationToken.None);
    }

    /// <summary>Queues one line (with its line ending); never waits.</summary>
    public void Enqueue(string line)
    {
        if (!_lines.Writer.TryWrite(line))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    // Twice over: the host disposes the provider, and so does the redacting wrapper around it.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _lines.Writer.TryComplete();
        _stopping.Cancel();
        _writer.Wait(DrainOnStop);
        _stopping.Dispose();
    }

    private async Task WriteAsync()
    {
        await using var writer = new StreamWriter(_output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024, leaveOpen: true);
        while (await _lines.Reader.WaitToReadAsync())
        {
            while (_lines.Reader.TryRead(out var line))
            {
                await writer.WriteAsync(line);
            }

            if (Interlocked.Exchange(ref _dropped, 0) is var dropped and > 0)
            {
                await writer.WriteLineAsync($"{dropped} log line(s) dropped: the log's output could not keep up.");
            }

            await writer.FlushAsync();
            try
            {
                await Task.Delay(Gather, _stoppingToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping: write out what is left without waiting between batches.
            }
        }
    }
}

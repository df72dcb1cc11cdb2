using Depot.Core.Data;
using Depot.Core.Storage;

namespace Depot.Server.Hosting;

/// <summary>
/// Runs at most one blob scrub at a time in the background (a scrub of a large store takes hours, longer than any
/// request should), keeps the last report, and stops a running scrub when the server stops.
/// </summary>
internal sealed class ScrubRunner(BlobScrubber scrubber, ScrubOptions options, TimeProvider clock) : IHostedService, IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;
    private DateTimeOffset? _startedAt;

    public ScrubReport? Last { get; private set; }

    public bool Running => _running is { IsCompleted: false };

    public DateTimeOffset? StartedAt => _startedAt;

    public long Progress => scrubber.Progress;

    public long BytesPerSecond => options.BytesPerSecond;

    /// <summary>Starts a scrub unless one is running; either way the caller then reads the status.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (Running || _stopping.IsCancellationRequested)
            {
                return;
            }

            _startedAt = clock.GetUtcNow();
            _running = Task.Run(RunAsync);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_running is { } running)
        {
            await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync()
    {
        // Started by an admin's request and outliving it, on connections of its own.
        using var watch = ConnectionUse.Fork();
        try
        {
            Last = await scrubber.RunAsync(_stopping.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // Logged by the scrubber; the last completed report stays.
        }
    }
}

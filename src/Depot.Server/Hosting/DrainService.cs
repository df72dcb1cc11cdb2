using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// Graceful drain on SIGTERM, ctrl-C or a host stop. The host calls every lifecycle service's
/// <see cref="StoppingAsync"/> before it stops any hosted service, Kestrel included, so waiting here keeps the node
/// serving: first /readyz fails (the load balancer takes the node out on its next check), then for
/// <see cref="ShutdownOptions.DrainDelay"/> requests that still arrive are served (each told <c>Connection: close</c>,
/// so keep-alive clients reconnect through the balancer to another node); after that Kestrel stops accepting and the
/// host's shutdown timeout bounds the requests still in flight. The delay counts against that timeout.
/// </summary>
internal sealed class DrainService(
    DrainState state, IOptions<ShutdownOptions> options, IOptions<HostOptions> host, TimeProvider time, ILogger<DrainService> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        state.Begin();
        var delay = options.Value.DrainDelay;
        HostingLog.DrainStarted(logger, delay.TotalSeconds);
        if (delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The shutdown timeout is shorter than the drain delay: stop now rather than be killed.
            }
        }

        HostingLog.DrainEnded(logger, host.Value.ShutdownTimeout.TotalSeconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        // After every hosted service's StopAsync, Kestrel's included: requests in flight have finished or timed out.
        HostingLog.Stopped(logger);
        return Task.CompletedTask;
    }
}

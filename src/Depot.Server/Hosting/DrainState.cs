namespace Depot.Server.Hosting;

/// <summary>
/// Whether this node is leaving: set once on shutdown, never cleared (a stopping host does not start again). Read by
/// the readiness check and by <see cref="DrainConnections"/>; <see cref="Draining"/> ends waits that would otherwise
/// outlive the drain (change-feed long polls and event streams answer at once, and the client asks another node).
/// </summary>
internal sealed class DrainState : IDisposable
{
    private readonly CancellationTokenSource _draining = new();
    private volatile bool _isDraining;

    public bool IsDraining => _isDraining;

    /// <summary>Cancelled when the drain begins.</summary>
    public CancellationToken Draining => _draining.Token;

    public void Begin()
    {
        _isDraining = true;
        _draining.Cancel();
    }

    public void Dispose() => _draining.Dispose();
}

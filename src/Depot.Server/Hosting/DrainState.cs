namespace Depot.Server.Hosting;

/// <summary>
/// Whether this node is leaving: set once on shutdown, never cleared (a stopping host does not start again). Read by
/// the readiness check and by <see cref="DrainConnections"/>.
/// </summary>
internal sealed class DrainState
{
    private volatile bool _draining;

    public bool IsDraining => _draining;

    public void Begin() => _draining = true;
}

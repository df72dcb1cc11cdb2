namespace Depot.Server.Hosting;

/// <summary>When this node's maintenance last ran and whether it got through, for <c>/metrics</c>.</summary>
internal sealed class MaintenanceStatus
{
    private (DateTimeOffset At, bool Succeeded)? _last;

    public (DateTimeOffset At, bool Succeeded)? Last => _last;

    public void Ran(DateTimeOffset at, bool succeeded) => _last = (at, succeeded);
}

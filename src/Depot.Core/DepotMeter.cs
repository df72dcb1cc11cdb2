using System.Diagnostics.Metrics;

namespace Depot.Core;

/// <summary>
/// The one <see cref="Meter"/> Depot's own instruments hang on; each area defines its instruments in a small
/// <c>*Metrics</c> class beside its code. Static rather than from <c>IMeterFactory</c>: core services are built in one
/// line by tests and by composition alike, and a process runs one server, so there is nothing to scope it to.
/// Names follow OpenTelemetry (dots, UCUM units); the /metrics exporter turns them into Prometheus names.
/// </summary>
public static class DepotMeter
{
    public const string Name = "Depot";

    public static Meter Meter { get; } = new(Name);
}

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

    /// <summary>Records 0 on every counter (with each label value it can take) once an exporter listens: a counter is
    /// otherwise created at its first event, and an alert on it sees "no data" until then.</summary>
    public static void AnnounceZeros()
    {
        Files.FilesMetrics.AnnounceZeros();
        Sharing.SharingMetrics.AnnounceZeros();
        Accounts.AccountsMetrics.AnnounceZeros();
        Storage.StorageMetrics.AnnounceZeros();
    }
}

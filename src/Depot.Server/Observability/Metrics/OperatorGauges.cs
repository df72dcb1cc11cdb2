using System.Diagnostics.Metrics;
using Depot.Core;
using Depot.Core.Backups;
using Depot.Core.Storage;
using Depot.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Depot.Server.Observability.Metrics;

/// <summary>
/// The figures an operator alerts on besides traffic: which build runs, how much is stored and how much room is left,
/// and when maintenance last ran. On this server's own meter (from its <see cref="IMeterFactory"/>), so two servers in
/// one process (the tests) each report their own. Storage usage is what <see cref="StorageUsageRefresher"/> last
/// measured; absent until the first measurement, so an alert on its absence also fires when measuring fails.
/// </summary>
internal sealed class OperatorGauges
{
    private readonly Meter _meter;
    private StorageUsage? _usage;
    private Backups _backups = new(null, null);
    private DateTimeOffset _measuredAt;

    public OperatorGauges(IMeterFactory meters, IOptions<DataFolderOptions> dataFolderOptions, MaintenanceStatus maintenance)
    {
        _meter = meters.Create(DepotMeter.Name);
        var dataFolder = dataFolderOptions.Value;
        _meter.CreateObservableGauge("depot.build.info", () => new Measurement<int>(1, new KeyValuePair<string, object?>("version", ServerCommandLine.Version)),
            description: "Always 1; the version label names the running build.");

        Usage("depot.storage.blobs", "{blob}", "Distinct contents held by the blob store.", u => u.Blobs);
        Usage("depot.storage.blob.bytes", "By", "Bytes held by the blob store (each distinct content once).", u => u.BlobBytes);
        Usage("depot.users", "{user}", "User accounts.", u => u.Users);
        Usage("depot.storage.charged.bytes", "By", "Bytes charged to users' quotas: every version, trash included.", u => u.ChargedBytes);
        _meter.CreateObservableGauge("depot.storage.files", () => Measured(u => [(u.LiveFiles, "live"), (u.TrashedFiles, "trash")]),
            "{file}", "Files, live and in the trash.");
        _meter.CreateObservableGauge("depot.storage.file.bytes",
            () => Measured(u => [(u.CurrentBytes, "current"), (u.VersionBytes, "versions"), (u.TrashBytes, "trash")]),
            "By", "Bytes of files by state: current versions, older versions kept, and the trash.");
        _meter.CreateObservableGauge("depot.storage.measured", () => Measured(_ => [(_measuredAt.ToUnixTimeSeconds(), null)]),
            "s", "When the storage figures were measured (Unix time).");

        _meter.CreateObservableGauge("depot.data_folder.free", () => Space(dataFolder.FullPath, d => d.AvailableFreeSpace),
            "By", "Free space for this server's account on the data folder's file system.");
        _meter.CreateObservableGauge("depot.data_folder.capacity", () => Space(dataFolder.FullPath, d => d.TotalSize),
            "By", "Size of the data folder's file system.");

        _meter.CreateObservableGauge("depot.maintenance.last_run",
            () => maintenance.Last is { } last ? [new Measurement<long>(last.At.ToUnixTimeSeconds())] : Array.Empty<Measurement<long>>(),
            "s", "When this node's maintenance (garbage collection, retention) last ran (Unix time).");
        _meter.CreateObservableGauge("depot.maintenance.last_run.succeeded",
            () => maintenance.Last is { } last ? [new Measurement<int>(last.Succeeded ? 1 : 0)] : Array.Empty<Measurement<int>>(),
            description: "1 when this node's last maintenance run got through, 0 when part of it failed (the log says why).");

        // Backups are recorded in the shared metadata, so every node reports the same; absent until the first one.
        _meter.CreateObservableGauge("depot.backup.last_completed",
            () => Volatile.Read(ref _backups).LastSucceeded is { } ok
                ? [new Measurement<long>(ok.FinishedAt / 1000)] : Array.Empty<Measurement<long>>(),
            "s", "When the last successful depot-server backup finished (Unix time).");
        _meter.CreateObservableGauge("depot.backup.last_completed.bytes",
            () => Volatile.Read(ref _backups).LastSucceeded is { } ok ? [new Measurement<long>(ok.Bytes)] : Array.Empty<Measurement<long>>(),
            "By", "Bytes the last successful backup copied (only new blobs: backups are incremental).");
        _meter.CreateObservableGauge("depot.backup.last_run.succeeded",
            () => Volatile.Read(ref _backups).LastFinished is { } last
                ? [new Measurement<int>(last.Succeeded ? 1 : 0)] : Array.Empty<Measurement<int>>(),
            description: "1 when the most recent backup to finish succeeded, 0 when it failed (its result says why).");
    }

    public void BackupsRead(BackupRecord? lastFinished, BackupRecord? lastSucceeded) =>
        Volatile.Write(ref _backups, new Backups(lastFinished, lastSucceeded));

    public void Measured(StorageUsage usage, DateTimeOffset at)
    {
        _measuredAt = at;
        Volatile.Write(ref _usage, usage);
    }

    private void Usage(string name, string unit, string description, Func<StorageUsage, long> value) =>
        _meter.CreateObservableGauge(name, () => Measured(u => [(value(u), null)]), unit, description);

    private List<Measurement<long>> Measured(Func<StorageUsage, IEnumerable<(long Value, string? State)>> values)
    {
        if (Volatile.Read(ref _usage) is not { } usage)
        {
            return [];
        }

        return values(usage).Select(v => v.State is null
            ? new Measurement<long>(v.Value)
            : new Measurement<long>(v.Value, new KeyValuePair<string, object?>("state", v.State))).ToList();
    }

    // A file system that cannot be read (the folder removed under the server) reports nothing rather than a wrong 0.
    private static IEnumerable<Measurement<long>> Space(string path, Func<DriveInfo, long> value)
    {
        try
        {
            return [new Measurement<long>(value(new DriveInfo(path)))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return [];
        }
    }

    private sealed record Backups(BackupRecord? LastFinished, BackupRecord? LastSucceeded);
}

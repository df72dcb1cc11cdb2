using System.Diagnostics.Metrics;
using Depot.Core;

namespace Depot.Server.Tus;

/// <summary>Resumable uploads in progress on this node.</summary>
internal static class TusMetrics
{
    private static readonly UpDownCounter<long> Active = DepotMeter.Meter.CreateUpDownCounter<long>(
        "depot.tus.uploads.active", "{upload}", "Resumable (tus) uploads receiving a chunk on this node right now.");

    public static void AnnounceZeros() => Active.Add(0);

    /// <summary>Counts one chunk being received until the returned scope is disposed.</summary>
    public static ActiveUpload Receiving()
    {
        Active.Add(1);
        return new ActiveUpload();
    }

    public readonly struct ActiveUpload : IDisposable
    {
        public void Dispose() => Active.Add(-1);
    }
}

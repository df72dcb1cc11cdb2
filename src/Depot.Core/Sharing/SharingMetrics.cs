using System.Diagnostics.Metrics;

namespace Depot.Core.Sharing;

/// <summary>Public link traffic.</summary>
internal static class SharingMetrics
{
    public static readonly Counter<long> LinkDownloads = DepotMeter.Meter.CreateCounter<long>(
        "depot.link.downloads", "{download}", "Downloads through public links (files and folder zips) that counted against their links.");

    public static void AnnounceZeros() => LinkDownloads.Add(0);
}

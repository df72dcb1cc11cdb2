using System.Diagnostics.Metrics;
using Depot.Core;

namespace Depot.Server.Dav;

/// <summary>WebDAV traffic by method: which clients sync (PROPFIND-heavy) and how much they write.</summary>
internal static class DavMetrics
{
    private static readonly Counter<long> Requests = DepotMeter.Meter.CreateCounter<long>(
        "depot.dav.requests", "{request}", "Authenticated WebDAV requests by method.");

    public static void AnnounceZeros(IEnumerable<string> methods)
    {
        foreach (var method in methods)
        {
            Requests.Add(0, new KeyValuePair<string, object?>("method", method));
        }
    }

    // The method is one of the few DispatchAsync is mapped for, so the label set stays small.
    public static void Request(string method) => Requests.Add(1, new KeyValuePair<string, object?>("method", method));
}

using System.Diagnostics.Metrics;
using Depot.Core;

namespace Depot.Server.Overload;

/// <summary>Requests refused to protect the server, by reason: <c>user_rate</c>, <c>address_rate</c>, <c>heavy_concurrency</c>.</summary>
internal static class OverloadMetrics
{
    public const string UserRate = "user_rate";
    public const string AddressRate = "address_rate";
    public const string HeavyConcurrency = "heavy_concurrency";

    private static readonly Counter<long> Throttled = DepotMeter.Meter.CreateCounter<long>(
        "depot.throttled", "{request}", "Requests refused with 429 (a caller's rate) or 503 (heavy requests at their bound).");

    public static void AnnounceZeros()
    {
        foreach (var reason in (string[])[UserRate, AddressRate, HeavyConcurrency])
        {
            Throttled.Add(0, new KeyValuePair<string, object?>("reason", reason));
        }
    }

    public static void Refused(string reason) => Throttled.Add(1, new KeyValuePair<string, object?>("reason", reason));
}

using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Depot.Core;

namespace Depot.Server.Observability.Metrics;

/// <summary>
/// Listens to Depot's own meter and to what the framework already measures (requests, connections, the runtime),
/// and keeps every instrument's series in memory until a scrape reads them. Observable instruments (the runtime's
/// GC and memory figures) are read at the scrape.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private static readonly HashSet<string> MeterNames =
        [DepotMeter.Name, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"];

    private static readonly Dictionary<Type, (MetricType Type, Aggregation Aggregation)> Kinds = new()
    {
        [typeof(Counter<>)] = (MetricType.Counter, Aggregation.Add),
        [typeof(ObservableCounter<>)] = (MetricType.Counter, Aggregation.Set),
        [typeof(UpDownCounter<>)] = (MetricType.Gauge, Aggregation.Add),
        [typeof(ObservableUpDownCounter<>)] = (MetricType.Gauge, Aggregation.Set),
        [typeof(Gauge<>)] = (MetricType.Gauge, Aggregation.Set),
        [typeof(ObservableGauge<>)] = (MetricType.Gauge, Aggregation.Set),
        [typeof(Histogram<>)] = (MetricType.Histogram, Aggregation.Record),
    };

    // The framework labels each request duration also with the scheme, the protocol version and an error type: with
    // every route and status that multiplies one histogram (14 lines a series) into thousands of lines a scrape.
    // Route, method and status are what request alerts and dashboards use.
    private static readonly Dictionary<string, IReadOnlySet<string>> KeptTags = new(StringComparer.Ordinal)
    {
        ["http.server.request.duration"] = new HashSet<string>(["http.request.method", "http.route", "http.response.status_code"], StringComparer.Ordinal),
    };

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _observing = new();

    public MetricsCollector(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (IsOurs(instrument.Meter, meters) && Bind(instrument) is { } family)
            {
                listener.EnableMeasurementEvents(instrument, family);
            }
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, family) => ((MetricFamily)family!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, family) => ((MetricFamily)family!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, family) => ((MetricFamily)family!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, family) => ((MetricFamily)family!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, family) => ((MetricFamily)family!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, family) => ((MetricFamily)family!).Measure(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, family) => ((MetricFamily)family!).Measure((double)value, tags));
        _listener.Start();
    }

    /// <summary>Every metric with at least one series, by name.</summary>
    public IReadOnlyList<MetricFamilySnapshot> Collect()
    {
        lock (_observing)
        {
            _listener.RecordObservableInstruments();
        }

        return [.. _families.Values.Select(f => f.Snapshot()).Where(f => f.Points.Count > 0).OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    public void Dispose() => _listener.Dispose();

    // The framework's meters come from the app's IMeterFactory, which is their scope: another app in the same process
    // (tests run several servers at once) has meters of the same name that are not this one's. Depot's meter and the
    // runtime's are process-wide (no scope).
    private static bool IsOurs(Meter meter, IMeterFactory meters) =>
        MeterNames.Contains(meter.Name) && (meter.Scope is null || ReferenceEquals(meter.Scope, meters));

    private MetricFamily? Bind(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType || !Kinds.TryGetValue(type.GetGenericTypeDefinition(), out var kind))
        {
            return null;
        }

        var name = PrometheusNames.Metric(instrument.Name, instrument.Unit, kind.Type);
        var family = _families.GetOrAdd(name, _ => new MetricFamily(name, instrument.Description ?? instrument.Name, kind.Type, kind.Aggregation,
            kind.Type == MetricType.Histogram ? HistogramBounds.For(instrument) : null, KeptTags.GetValueOrDefault(instrument.Name)));
        // Two instruments that map to one name can share it only if they aggregate alike; otherwise the first keeps it.
        return family.Type == kind.Type && family.Aggregation == kind.Aggregation ? family : null;
    }
}

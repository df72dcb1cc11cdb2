using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Depot.Server.Observability.Metrics;

/// <summary>
/// One exported metric: the series of every label set its instrument has reported, aggregated in memory. It is the
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>'s state for the instrument, so a measurement finds it without a lookup.
/// </summary>
internal sealed class MetricFamily(string name, string help, MetricType type, Aggregation aggregation, double[]? bounds,
    IReadOnlySet<string>? keptTags = null)
{
    // Labels come from code (methods, routes, status codes, reasons), yet a bug must not grow memory without end.
    // Past this many series, measurements share one overflow series, as OpenTelemetry's SDK does.
    private const int MaxSeries = 2000;
    private const string OverflowKey = "\u0001overflow";
    private static readonly KeyValuePair<string, string>[] OverflowLabels = [new("otel_metric_overflow", "true")];

    [ThreadStatic]
    private static StringBuilder? t_key;

    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

    public string Name => name;

    public MetricType Type => type;

    public Aggregation Aggregation => aggregation;

    public void Measure(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var series = Find(tags);
        switch (aggregation)
        {
            case Aggregation.Add:
                series.Add(value);
                break;
            case Aggregation.Set:
                series.Set(value);
                break;
            default:
                series.Record(value);
                break;
        }
    }

    public MetricFamilySnapshot Snapshot() =>
        new(name, help, type, [.. _series.Values.Select(s => s.Snapshot()).OrderBy(p => LabelText(p.Labels), StringComparer.Ordinal)]);

    private MetricSeries Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        // Tags sorted by name, through an index so nothing is allocated: one label set is one series whatever order
        // a caller lists its tags in.
        Span<int> order = tags.Length <= 16 ? stackalloc int[tags.Length] : new int[tags.Length];
        var count = 0;
        for (var i = 0; i < tags.Length; i++)
        {
            if (keptTags is not null && !keptTags.Contains(tags[i].Key))
            {
                continue;
            }

            var j = count++;
            for (; j > 0 && string.CompareOrdinal(tags[order[j - 1]].Key, tags[i].Key) > 0; j--)
            {
                order[j] = order[j - 1];
            }

            order[j] = i;
        }

        order = order[..count];

        var key = t_key ??= new StringBuilder();
        key.Clear();
        foreach (var i in order)
        {
            key.Append(tags[i].Key).Append('\u0001').Append(Text(tags[i].Value)).Append('\u0002');
        }

        var text = key.ToString();
        if (_series.TryGetValue(text, out var found))
        {
            return found;
        }

        if (_series.Count >= MaxSeries)
        {
            return _series.GetOrAdd(OverflowKey, _ => new MetricSeries(OverflowLabels, bounds));
        }

        var labels = new KeyValuePair<string, string>[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            var tag = tags[order[i]];
            labels[i] = new(PrometheusNames.Label(tag.Key), Text(tag.Value));
        }

        return _series.GetOrAdd(text, _ => new MetricSeries(labels, bounds));
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private static string LabelText(IReadOnlyList<KeyValuePair<string, string>> labels) =>
        string.Join('\u0001', labels.Select(l => l.Key + "\u0002" + l.Value));
}

using System.Collections.Concurrent;
using System.Globalization;

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

    // The key of a measurement's label set is built here and looked up as a span, so a measurement of a known series
    // allocates nothing (it was a StringBuilder's string per measurement: three per request, 1.5% of a 4 KiB GET's bytes).
    [ThreadStatic]
    private static char[]? t_key;

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

        var key = t_key ??= new char[256];
        var length = 0;
        foreach (var i in order)
        {
            Append(ref key, ref length, tags[i].Key);
            Append(ref key, ref length, "\u0001");
            AppendValue(ref key, ref length, tags[i].Value);
            Append(ref key, ref length, "\u0002");
        }

        t_key = key;
        if (_series.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key.AsSpan(0, length), out var found))
        {
            return found;
        }

        var text = new string(key, 0, length);

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

    private static void Append(ref char[] key, ref int length, ReadOnlySpan<char> text)
    {
        Reserve(ref key, length + text.Length);
        text.CopyTo(key.AsSpan(length));
        length += text.Length;
    }

    /// <summary>The value as <see cref="Text"/> writes it, formatted in place where the type allows (status codes are ints).</summary>
    private static void AppendValue(ref char[] key, ref int length, object? value)
    {
        if (value is not ISpanFormattable formattable)
        {
            Append(ref key, ref length, value as string ?? Text(value));
            return;
        }

        int written;
        while (!formattable.TryFormat(key.AsSpan(length), out written, default, CultureInfo.InvariantCulture))
        {
            Reserve(ref key, key.Length * 2);
        }

        length += written;
    }

    private static void Reserve(ref char[] key, int size)
    {
        if (size > key.Length)
        {
            Array.Resize(ref key, Math.Max(size, key.Length * 2));
        }
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";

    private static string LabelText(IReadOnlyList<KeyValuePair<string, string>> labels) =>
        string.Join('\u0001', labels.Select(l => l.Key + "\u0002" + l.Value));
}

using System.Globalization;
using System.Text;

namespace Depot.Server.Observability.Metrics;

/// <summary>
/// Writes the Prometheus text exposition format 0.0.4
/// (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format): per metric a <c># HELP</c> and a
/// <c># TYPE</c> line, then its samples; a histogram as cumulative <c>_bucket{le="…"}</c> samples ending in
/// <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>. Lines end in <c>\n</c> only, as the format requires.
/// </summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void Write(StringBuilder output, IEnumerable<MetricFamilySnapshot> families)
    {
        foreach (var family in families)
        {
            output.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            output.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
            foreach (var point in family.Points)
            {
                if (point.Histogram is { } histogram)
                {
                    WriteHistogram(output, family.Name, point.Labels, histogram);
                }
                else
                {
                    WriteSample(output, family.Name, point.Labels, null, point.Value);
                }
            }
        }
    }

    private static void WriteHistogram(StringBuilder output, string name, IReadOnlyList<KeyValuePair<string, string>> labels, HistogramPoint histogram)
    {
        long cumulative = 0;
        for (var i = 0; i < histogram.Counts.Count; i++)
        {
            cumulative += histogram.Counts[i];
            var bound = i < histogram.Bounds.Count ? histogram.Bounds[i] : double.PositiveInfinity;
            WriteSample(output, name + "_bucket", labels, Number(bound), cumulative);
        }

        WriteSample(output, name + "_sum", labels, null, histogram.Sum);
        WriteSample(output, name + "_count", labels, null, cumulative);
    }

    private static void WriteSample(StringBuilder output, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        output.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            output.Append('{');
            var first = true;
            foreach (var (label, text) in labels)
            {
                output.Append(first ? "" : ",").Append(label).Append("=\"").Append(EscapeLabelValue(text)).Append('"');
                first = false;
            }

            if (le is not null)
            {
                output.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').Append(Number(value)).Append('\n');
    }

    /// <summary>Go's ParseFloat syntax, which Prometheus reads: <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>, or the shortest round-trip decimal.</summary>
    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    // Label values escape backslash, double quote and line feed; HELP text escapes backslash and line feed only.
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        _ => "histogram",
    };
}

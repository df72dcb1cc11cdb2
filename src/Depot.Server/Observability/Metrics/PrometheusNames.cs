using System.Text;

namespace Depot.Server.Observability.Metrics;

/// <summary>
/// OpenTelemetry instrument names to Prometheus names, as OpenTelemetry's Prometheus compatibility rules do: every
/// character outside <c>[a-zA-Z0-9_:]</c> becomes <c>_</c>, the unit is spelled out and appended unless the name
/// already says it (<c>http.server.request.duration</c> in <c>s</c> → <c>http_server_request_duration_seconds</c>),
/// annotations such as <c>{request}</c> are dropped, and counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNames
{
    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["By"] = "bytes", ["KiBy"] = "kibibytes", ["MiBy"] = "mebibytes", ["GiBy"] = "gibibytes",
        ["s"] = "seconds", ["ms"] = "milliseconds", ["us"] = "microseconds", ["ns"] = "nanoseconds",
        ["min"] = "minutes", ["h"] = "hours", ["d"] = "days", ["%"] = "percent", ["Hz"] = "hertz", ["1"] = "",
    };

    private static readonly Dictionary<string, string> PerUnits = new(StringComparer.Ordinal)
    {
        ["s"] = "second", ["min"] = "minute", ["h"] = "hour", ["d"] = "day",
    };

    public static string Metric(string name, string? unit, MetricType type)
    {
        var metric = Sanitize(name, allowColon: true);
        var suffix = UnitSuffix(unit);
        if (suffix.Length > 0 && !metric.EndsWith("_" + suffix, StringComparison.Ordinal)
            && !metric.Contains("_" + suffix + "_", StringComparison.Ordinal))
        {
            metric += "_" + suffix;
        }

        return type == MetricType.Counter && !metric.EndsWith("_total", StringComparison.Ordinal) ? metric + "_total" : metric;
    }

    /// <summary>A label name: like a metric name, without colons; <c>__</c> prefixes are Prometheus's own and never result.</summary>
    public static string Label(string name) => Sanitize(name, allowColon: false);

    private static string UnitSuffix(string? unit)
    {
        var plain = StripAnnotations(unit ?? "");
        if (plain.Length == 0)
        {
            return "";
        }

        var slash = plain.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var per = plain[(slash + 1)..];
            var of = slash > 0 ? Spelled(plain[..slash]) + "_" : "";
            return of + "per_" + (PerUnits.TryGetValue(per, out var spelled) ? spelled : Sanitize(per, allowColon: false));
        }

        return Spelled(plain);
    }

    private static string Spelled(string unit) => Units.TryGetValue(unit, out var spelled) ? spelled : Sanitize(unit, allowColon: false);

    // UCUM annotations ({request}, {connection}) name what is counted; Prometheus has no place for them.
    private static string StripAnnotations(string unit)
    {
        var plain = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
            if (depth == 0 && c != '}')
            {
                plain.Append(c);
            }
        }

        return plain.ToString().Trim();
    }

    private static string Sanitize(string name, bool allowColon)
    {
        var result = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            // Runs of underscores collapse, as OpenTelemetry specifies; that also keeps a label out of the reserved __ prefix.
            if (next != '_' || result.Length == 0 || result[^1] != '_')
            {
                result.Append(next);
            }
        }

        if (result.Length == 0 || char.IsAsciiDigit(result[0]))
        {
            result.Insert(0, '_');
        }

        return result.ToString();
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Depot.Server.Tests.Observability;

/// <summary>
/// A strict reader of the Prometheus text format 0.0.4 for tests: it throws on anything the format does not allow,
/// and on what Depot's exporter must never write (a sample without # TYPE, a metric split in two, a repeated series,
/// histogram buckets that are not cumulative or do not end in +Inf with the count).
/// </summary>
internal sealed partial class PrometheusScrape
{
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);
    private readonly List<Sample> _samples = [];

    public IReadOnlyDictionary<string, string> Types => _types;

    public IReadOnlyList<Sample> Samples => _samples;

    public sealed record Sample(string Family, string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    /// <summary>The value of the one series <paramref name="name"/> with at least these labels; 0 when there is none yet.</summary>
    public double Value(string name, params (string Label, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    public static PrometheusScrape Parse(string text)
    {
        Check(text.Length == 0 || text.EndsWith('\n'), "the exposition must end with a line feed");
        Check(!text.Contains('\r', StringComparison.Ordinal), "lines end in \\n only");
        var scrape = new PrometheusScrape();
        var help = new HashSet<string>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in text.Split('\n')[..^1])
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                Check(parts.Length >= 3 && MetricName().IsMatch(parts[2]), $"malformed comment line: {line}");
                var name = parts[2];
                Check(!finished.Contains(name) && name != current, $"metadata for {name} after its samples");
                if (parts[1] == "HELP")
                {
                    Check(help.Add(name), $"second HELP for {name}");
                    Unescape(parts.Length == 4 ? parts[3] : "", quote: false);
                }
                else
                {
                    Check(parts[1] == "TYPE" && parts.Length == 4 && parts[3] is "counter" or "gauge" or "histogram" or "summary" or "untyped",
                        $"malformed TYPE line: {line}");
                    Check(scrape._types.TryAdd(name, parts[3]), $"second TYPE for {name}");
                }

                continue;
            }

            var sample = ParseSample(line, scrape._types);
            if (sample.Family != current)
            {
                Check(current is null || finished.Add(current), $"{current} twice");
                Check(!finished.Contains(sample.Family), $"the samples of {sample.Family} are not together");
                current = sample.Family;
            }

            var key = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
            Check(series.Add(key), $"repeated series {key}");
            Check(scrape._types[sample.Family] != "counter" || sample.Value >= 0, $"negative counter {key}");
            scrape._samples.Add(sample);
        }

        scrape.CheckHistograms();
        return scrape;
    }

    private static Sample ParseSample(string line, Dictionary<string, string> types)
    {
        var match = SampleLine().Match(line);
        Check(match.Success, $"malformed sample line: {line}");
        var name = match.Groups["name"].Value;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = match.Groups["labels"].Value;
        while (rest.Length > 0)
        {
            var label = LabelPair().Match(rest);
            Check(label.Success && !label.Groups["name"].Value.StartsWith("__", StringComparison.Ordinal), $"malformed labels in: {line}");
            Check(labels.TryAdd(label.Groups["name"].Value, Unescape(label.Groups["value"].Value, quote: true)), $"repeated label in: {line}");
            rest = rest[label.Length..];
        }

        var family = HistogramSuffixes.Where(name.EndsWith).Select(s => name[..^s.Length])
            .FirstOrDefault(f => types.GetValueOrDefault(f) == "histogram") ?? name;
        Check(types.ContainsKey(family), $"{name} has no # TYPE line");
        Check(types[family] != "histogram" || name != family, $"a histogram sample without a suffix: {line}");
        return new Sample(family, name, labels, ParseValue(match.Groups["value"].Value, line));
    }

    private void CheckHistograms()
    {
        foreach (var group in _samples.Where(s => _types[s.Family] == "histogram")
            .GroupBy(s => s.Family + "{" + string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal)) + "}"))
        {
            var buckets = group.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
            Check(buckets.Count > 0 && buckets.All(b => b.Labels.ContainsKey("le")), $"{group.Key}: buckets need le");
            var bounds = buckets.Select(b => ParseValue(b.Labels["le"], group.Key)).ToList();
            Check(bounds.SequenceEqual(bounds.Order()) && bounds.Distinct().Count() == bounds.Count, $"{group.Key}: le not ascending");
            Check(double.IsPositiveInfinity(bounds[^1]), $"{group.Key}: the last bucket must be le=\"+Inf\"");
            Check(buckets.Zip(buckets.Skip(1)).All(p => p.First.Value <= p.Second.Value), $"{group.Key}: buckets not cumulative");
            var count = group.SingleOrDefault(s => s.Name.EndsWith("_count", StringComparison.Ordinal));
            Check(count is not null && count.Value == buckets[^1].Value, $"{group.Key}: _count must equal the +Inf bucket");
            Check(group.Count(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)) == 1, $"{group.Key}: one _sum");
        }
    }

    private static double ParseValue(string text, string context) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when FloatText().IsMatch(text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException($"not a value: '{text}' in {context}"),
    };

    private static string Unescape(string text, bool quote)
    {
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\\')
            {
                Check(text[i] != '\n' && !(quote && text[i] == '"'), $"unescaped character in '{text}'");
                result.Append(text[i]);
                continue;
            }

            Check(i + 1 < text.Length, $"dangling backslash in '{text}'");
            result.Append(text[++i] switch
            {
                '\\' => '\\',
                'n' => '\n',
                '"' when quote => '"',
                var other => throw new FormatException($"escape \\{other} is not allowed in '{text}'"),
            });
        }

        return result.ToString();
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new FormatException(message);
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    // No timestamp: Depot never writes one.
    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[^\n]*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""^(?<name>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(?:[^"\\]|\\.)*)",?""")]
    private static partial Regex LabelPair();

    [GeneratedRegex(@"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")]
    private static partial Regex FloatText();
}

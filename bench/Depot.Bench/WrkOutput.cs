using System.Globalization;
using System.Text.RegularExpressions;

namespace Depot.Bench;

/// <summary>
/// Reads wrk's <c>--latency</c> report. wrk prints times with its own units (<c>850.00us</c>, <c>1.23ms</c>, <c>2.01s</c>,
/// <c>1.50m</c>) and sizes with binary prefixes; any non-2xx answer or socket error makes the run unusable (a 401 or a
/// 429 answers fast and would flatter the server), so it is an error rather than a number.
/// </summary>
internal static partial class WrkOutput
{
    public static WrkResult Parse(string output)
    {
        var errors = SocketErrors().Match(output);
        if (errors.Success && errors.Groups.Cast<Group>().Skip(1).Any(g => g.Value != "0"))
        {
            throw new InvalidOperationException("wrk: " + errors.Value.Trim());
        }

        var non2xx = Non2xx().Match(output);
        if (non2xx.Success)
        {
            throw new InvalidOperationException("wrk: " + non2xx.Value.Trim());
        }

        var total = Total().Match(output);
        var p99 = Percentile99().Match(output);
        if (!total.Success || !p99.Success)
        {
            throw new InvalidOperationException("wrk printed no request count or no 99% latency (was --latency given?): " + Tail(output));
        }

        var requests = long.Parse(total.Groups["requests"].Value, CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromMilliseconds(Milliseconds(total.Groups["time"].Value, total.Groups["unit"].Value));
        var bytes = (long)Bytes(total.Groups["size"].Value, total.Groups["sizeUnit"].Value);
        return requests > 0
            ? new WrkResult(requests, duration, Milliseconds(p99.Groups["time"].Value, p99.Groups["unit"].Value), bytes)
            : throw new InvalidOperationException("wrk completed no request: " + Tail(output));
    }

    public static double Milliseconds(string number, string unit)
    {
        var value = double.Parse(number, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => value / 1000,
            "ms" => value,
            "s" => value * 1000,
            "m" => value * 60_000,
            "h" => value * 3_600_000,
            _ => throw new FormatException($"wrk time unit '{unit}'"),
        };
    }

    private static double Bytes(string number, string unit)
    {
        var value = double.Parse(number, CultureInfo.InvariantCulture);
        var power = "BKMGTP".IndexOf(unit[0], StringComparison.Ordinal);
        return power < 0 ? throw new FormatException($"wrk size unit '{unit}'") : value * Math.Pow(1024, power);
    }

    private static string Tail(string output) => output.Length > 400 ? output[^400..] : output;

    // "  520000 requests in 10.01s, 2.50GB read"
    [GeneratedRegex(@"(?<requests>\d+) requests in (?<time>[\d.]+)(?<unit>us|ms|s|m|h), (?<size>[\d.]+)(?<sizeUnit>[KMGTP]?B) read")]
    private static partial Regex Total();

    // "     99%    3.20ms" under "Latency Distribution"
    [GeneratedRegex(@"^\s*99(?:\.0+)?%\s+(?<time>[\d.]+)(?<unit>us|ms|s|m|h)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentile99();

    // "  Socket errors: connect 0, read 0, write 0, timeout 12"
    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    // "  Non-2xx or 3xx responses: 5"
    [GeneratedRegex(@"Non-2xx or 3xx responses: \d+")]
    private static partial Regex Non2xx();
}

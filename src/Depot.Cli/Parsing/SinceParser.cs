using System.Globalization;

namespace Depot.Cli.Parsing;

/// <summary>
/// A point in the past as people type it: a duration back from now ("30m", "24h", "7d", "2w") or an ISO 8601
/// date/time ("2026-01-31", "2026-01-31T18:00:00Z"; without an offset it is UTC). The mirror of <see cref="ExpiryParser"/>.
/// </summary>
internal static class SinceParser
{
    public static DateTimeOffset Parse(string text, DateTimeOffset now)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > 1 && int.TryParse(trimmed[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? duration = char.ToLowerInvariant(trimmed[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                'w' => TimeSpan.FromDays(7 * amount),
                _ => null,
            };
            if (duration is { } span)
            {
                return now - span;
            }
        }

        if (DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return date;
        }

        throw new CliException(ExitCodes.Usage, $"'{text}' is not a time: use a duration like 24h, 7d, 2w, or a date like 2026-01-31.");
    }
}

using System.Globalization;

namespace Depot.Cli.Parsing;

/// <summary>
/// A moment as people type it: a duration from now ("30m", "12h", "90d", "2w") or an ISO 8601 date/time
/// ("2027-01-31", "2027-01-31T18:00:00Z"; without an offset it is UTC). Null when the text is neither.
/// </summary>
internal static class RelativeTime
{
    // direction: +1 for a duration into the future (expiries), -1 into the past (since).
    public static DateTimeOffset? Parse(string text, DateTimeOffset now, int direction)
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
                return now + (direction * span);
            }
        }

        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
    }
}

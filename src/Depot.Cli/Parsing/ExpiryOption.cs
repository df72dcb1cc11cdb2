using System.CommandLine;
using System.CommandLine.Parsing;

namespace Depot.Cli.Parsing;

/// <summary>
/// Every <c>--expires</c> option: a duration from now ("7d", "12h", "2w", "30m") or a date ("2027-01-31", ISO 8601;
/// UTC without an offset). Parsed while the command line is, so a wrong value is a usage error naming the option and
/// the accepted forms, and validators and actions only ever see a moment.
/// </summary>
internal static class ExpiryOption
{
    public static Option<DateTimeOffset?> Create(string description, TimeProvider time) => new("--expires")
    {
        Description = $"{description}: a duration (7d, 12h, 2w) or a date (2027-01-31)",
        CustomParser = result => Parse(result, time),
    };

    private static DateTimeOffset? Parse(ArgumentResult result, TimeProvider time)
    {
        var text = result.Tokens.Single().Value;
        if (RelativeTime.Parse(text, time.GetUtcNow(), direction: +1) is { } at)
        {
            return at;
        }

        result.AddError($"'{text}' is not an expiry: use a duration like 7d, 12h, 2w, or a date like 2027-01-31.");
        return null;
    }
}

namespace Depot.Cli.Parsing;

/// <summary>Token expiry as people type it: "90d", "12h", "2w" from now, or a date like "2027-01-31".</summary>
internal static class ExpiryParser
{
    public static DateTimeOffset Parse(string text, DateTimeOffset now) =>
        RelativeTime.Parse(text, now, direction: +1)
        ?? throw new CliException(ExitCodes.Usage, $"'{text}' is not an expiry: use a duration like 90d, 12h, 2w, or a date like 2027-01-31.");
}

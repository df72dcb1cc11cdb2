namespace Depot.Cli.Parsing;

/// <summary>A point in the past as people type it: "24h", "7d", "2w" back from now, or a date like "2026-01-31".</summary>
internal static class SinceParser
{
    public static DateTimeOffset Parse(string text, DateTimeOffset now) =>
        RelativeTime.Parse(text, now, direction: -1)
        ?? throw new CliException(ExitCodes.Usage, $"'{text}' is not a time: use a duration like 24h, 7d, 2w, or a date like 2026-01-31.");
}

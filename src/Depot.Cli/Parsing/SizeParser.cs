using System.Globalization;

namespace Depot.Cli.Parsing;

/// <summary>
/// Sizes as people type them: "1048576", "500MB" (powers of 1000), "10GiB" or "10G" (powers of 1024, as
/// <c>ls -h</c> and <c>df -h</c> mean "G"). Case and a space before the unit do not matter.
/// </summary>
internal static class SizeParser
{
    private static readonly Dictionary<string, long> Multipliers = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1, ["B"] = 1,
        ["K"] = 1L << 10, ["KiB"] = 1L << 10, ["KB"] = 1000,
        ["M"] = 1L << 20, ["MiB"] = 1L << 20, ["MB"] = 1000_000,
        ["G"] = 1L << 30, ["GiB"] = 1L << 30, ["GB"] = 1000_000_000,
        ["T"] = 1L << 40, ["TiB"] = 1L << 40, ["TB"] = 1000_000_000_000,
        ["P"] = 1L << 50, ["PiB"] = 1L << 50, ["PB"] = 1000_000_000_000_000,
    };

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        if (!decimal.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            || !Multipliers.TryGetValue(trimmed[split..].Trim(), out var multiplier))
        {
            return false;
        }

        var exact = number * multiplier;
        if (exact > long.MaxValue || exact != decimal.Truncate(exact))
        {
            return false;
        }

        bytes = (long)exact;
        return true;
    }

    public static long Parse(string text) => TryParse(text, out var bytes)
        ? bytes
        : throw new CliException(ExitCodes.Usage, $"'{text}' is not a size: use bytes or a unit like 500MB, 10GiB.");
}

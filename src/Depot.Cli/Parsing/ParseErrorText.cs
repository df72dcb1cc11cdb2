using System.Text.RegularExpressions;

namespace Depot.Cli.Parsing;

/// <summary>
/// Parse errors in words for people: System.CommandLine names the .NET type a value failed to convert to
/// ("as expected type 'System.Nullable`1[System.Int64]'"), which tells a user nothing; this says what to type instead.
/// </summary>
internal static partial class ParseErrorText
{
    public static string For(string message)
    {
        var match = TypeConversion().Match(message);
        if (!match.Success)
        {
            return message;
        }

        var expected = match.Groups["type"].Value switch
        {
            var t when t.Contains("Int", StringComparison.Ordinal) => "a whole number",
            var t when t.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            var t when t.Contains("Double", StringComparison.Ordinal) || t.Contains("Decimal", StringComparison.Ordinal) => "a number",
            var t when t.Contains("DateTime", StringComparison.Ordinal) => "a date like 2027-01-31",
            _ => "a different value",
        };
        return $"'{match.Groups["value"].Value}' is not valid for {match.Groups["symbol"].Value}: expected {expected}.";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument|command) '(?<symbol>[^']+)' as expected type '(?<type>[^']+)'\.?$")]
    private static partial Regex TypeConversion();
}

using System.Text.RegularExpressions;

namespace Depot.Bench;

/// <summary>
/// One Depot under test, as given by <c>--depot [NAME=]URL</c>: several builds or metadata providers of Depot can
/// run side by side in one run (run.sh <c>--postgres</c>: "Depot" on SQLite and "Depot-pg" on PostgreSQL).
/// </summary>
internal sealed partial record DepotServer(string Name, Uri Url)
{
    /// <summary>The name a bare URL or PID gets: what single-Depot runs have always reported.</summary>
    public const string DefaultName = "Depot";

    public static DepotServer Parse(string value)
    {
        var (name, url) = SplitName(value);
        return new DepotServer(name, new Uri(url));
    }

    /// <summary>"NAME=rest" → (NAME, rest); anything else (a URL, a PID) → (<see cref="DefaultName"/>, value).</summary>
    public static (string Name, string Value) SplitName(string value)
    {
        var match = NamePrefix().Match(value);
        return match.Success ? (match.Groups[1].Value, value[match.Length..]) : (DefaultName, value);
    }

    // A name is a short word: "http://h/?a=b" has ':' before its '=', so a URL is never mistaken for NAME=URL.
    [GeneratedRegex("^([A-Za-z][A-Za-z0-9_-]*)=")]
    private static partial Regex NamePrefix();
}

using System.Collections.Concurrent;

namespace Depot.Core.Data;

/// <summary>
/// Gives a parameter the <c>@</c> its SQL names it with. Dapper names parameters without a prefix, and
/// Microsoft.Data.Sqlite then looks each one up four times (bare, then with <c>@</c>, <c>:</c> and <c>$</c> to rule out
/// an ambiguity), each time converting a new string to UTF-8: 2.6% of the bytes a 4 KiB WebDAV GET allocated
/// (dotnet-trace, bench/README.md "Issue 13: the authenticated GET path"). Depot's SQL names every parameter <c>@name</c>.
/// </summary>
internal static class SqliteParameterNames
{
    // Names come from code (properties of parameter objects, k0…k63 of the walks); the bound only guards against a bug.
    private const int MaxNames = 4096;

    private static readonly ConcurrentDictionary<string, string> Prefixed = new(StringComparer.Ordinal);

    public static string Of(string name)
    {
        if (name.Length == 0 || name[0] is '@' or ':' or '$')
        {
            return name;
        }

        if (Prefixed.TryGetValue(name, out var prefixed))
        {
            return prefixed;
        }

        prefixed = "@" + name;
        if (Prefixed.Count < MaxNames)
        {
            Prefixed.TryAdd(name, prefixed);
        }

        return prefixed;
    }
}

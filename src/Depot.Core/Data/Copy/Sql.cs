namespace Depot.Core.Data.Copy;

internal static class Sql
{
    /// <summary>A double-quoted identifier, which both SQLite and PostgreSQL accept (names come from the catalogues).</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

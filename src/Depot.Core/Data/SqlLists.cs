using System.Data.Common;
using System.Text.Json;
using Npgsql;

namespace Depot.Core.Data;

/// <summary>
/// "Column is one of this list" on either backend, with the whole list as <em>one</em> parameter: an array on
/// PostgreSQL (<c>= ANY($1)</c>), a JSON array on SQLite read by <c>json_each</c>. Pass the list through
/// <see cref="Values"/>.
/// <para>
/// Why not Dapper's own <c>IN @list</c> on SQLite: it expands into one parameter per item, and binding them by name costs
/// SQLite a scan of every parameter name per item (<c>sqlite3VListNameToNum</c>). A 500-id chunk is 125,000 string
/// comparisons; a PROPFIND of 5,000 entries spent a third of its CPU there.
/// </para>
/// </summary>
internal static class SqlLists
{
    /// <summary><c>column IN (SELECT value FROM json_each(@parameter))</c> (SQLite) or <c>column = ANY(@parameter)</c> (PostgreSQL).</summary>
    public static string In(DbConnection connection, string column, string parameter) =>
        connection is NpgsqlConnection ? $"{column} = ANY(@{parameter})" : $"{column} IN (SELECT value FROM json_each(@{parameter}))";

    /// <summary>The value of <see cref="In"/>'s parameter for <paramref name="values"/>.</summary>
    public static object Values(DbConnection connection, IReadOnlyCollection<string> values)
    {
        if (connection is NpgsqlConnection)
        {
            return values as string[] ?? [.. values];
        }

        var json = new System.Buffers.ArrayBufferWriter<byte>(values.Count * 36 + 2);
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(json.WrittenSpan);
    }
}

using Dapper;
using Depot.Protocol;
using Npgsql;

namespace Depot.Core.Data.Copy;

/// <summary>
/// Which tables a copy moves and how, read from the catalogues rather than listed here, so a table a later migration
/// adds is copied and verified without anyone remembering to: names, keys and foreign keys from SQLite, column types
/// from PostgreSQL (SQLite's declared types are only affinities; the target's are what COPY must send).
/// </summary>
internal static class CopySchema
{
    public const string MigrationsTable = "schema_migrations";

    public static Task<IReadOnlyList<string>> SourceTablesAsync(SqliteSnapshot source, CancellationToken cancellationToken) =>
        source.QueryStringsAsync(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name", null, cancellationToken);

    public static async Task<Result<IReadOnlyList<CopyTable>>> ReadAsync(SqliteSnapshot source, NpgsqlConnection target,
        IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var targetColumns = (await target.QueryAsync<(string Table, string Column, string Type)>(new CommandDefinition(
                "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()",
                cancellationToken: cancellationToken)))
            .ToLookup(c => c.Table, StringComparer.Ordinal);
        var tables = new List<CopyTable>(names.Count);
        foreach (var name in names)
        {
            var columns = await source.ColumnsAsync(name, cancellationToken);
            var types = targetColumns[name].ToDictionary(c => c.Column, c => c.Type, StringComparer.Ordinal);
            if (types.Count != columns.Count || columns.Any(c => !types.ContainsKey(c.Name)))
            {
                return Mismatch($"table {name} has columns {string.Join(", ", columns.Select(c => c.Name))} in SQLite and " +
                    $"{(types.Count == 0 ? "does not exist" : string.Join(", ", types.Keys))} in PostgreSQL");
            }

            var copyColumns = new List<CopyColumn>(columns.Count);
            foreach (var (column, _) in columns)
            {
                if (KindOf(types[column]) is not { } kind)
                {
                    return Mismatch($"column {name}.{column} has the type {types[column]}, which the copy does not know");
                }

                copyColumns.Add(new CopyColumn(column, kind));
            }

            var key = columns.Where(c => c.Key > 0).OrderBy(c => c.Key).Select(c => c.Name).ToList();
            var parents = await source.QueryStringsAsync("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(@table)", new { table = name },
                cancellationToken);
            // A table without a primary key (none today) is ordered by all of its columns: still one order on both sides.
            tables.Add(new CopyTable(name, copyColumns, key.Count > 0 ? key : [.. columns.Select(c => c.Name)],
                [.. parents.Where(p => p != name)]));
        }

        return Result<IReadOnlyList<CopyTable>>.Ok(CopyOrder.Sort(tables));
    }

    private static ColumnKind? KindOf(string type) => type switch
    {
        "text" => ColumnKind.Text,
        "integer" => ColumnKind.Integer,
        "bigint" => ColumnKind.BigInt,
        "bytea" => ColumnKind.Bytes,
        _ => null,
    };

    private static DepotError Mismatch(string detail) => new(ErrorCodes.PreconditionFailed,
        $"After migrating, the PostgreSQL schema does not match depot.db ({detail}). The copy was not started; this is a bug in Depot, please report it.");
}

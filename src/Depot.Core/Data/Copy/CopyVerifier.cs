using Npgsql;

namespace Depot.Core.Data.Copy;

/// <summary>
/// Compares every table on both sides after the copy, before it commits: the same <see cref="TableChecksum"/> over the
/// same columns in the same order, once over the source snapshot and once over the target inside the copy's transaction.
/// </summary>
internal static class CopyVerifier
{
    public static async Task<IReadOnlyList<TableCheck>> VerifyAsync(SqliteSnapshot source, NpgsqlConnection target,
        IReadOnlyList<CopyTable> tables, CancellationToken cancellationToken)
    {
        var checks = new List<TableCheck>(tables.Count);
        foreach (var table in tables)
        {
            var before = await source.ReadAsync(table.SelectInKeyOrder(postgres: false),
                reader => TableChecksum.ComputeAsync(reader, table.Columns, cancellationToken), cancellationToken);
            await using var command = new NpgsqlCommand(table.SelectInKeyOrder(postgres: true), target);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var after = await TableChecksum.ComputeAsync(reader, table.Columns, cancellationToken);
            checks.Add(new TableCheck(table.Name, before.Rows, after.Rows, before.Sha256, after.Sha256));
        }

        return checks;
    }
}

using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Depot.Core.Data.Copy;

/// <summary>
/// Streams one table into PostgreSQL with binary <c>COPY</c>: each row is read from the source and written to the COPY
/// stream as it comes (Npgsql flushes its 8 KB write buffer), so no table is ever held in memory, and a whole table is
/// one statement, which is what lets a table reference itself in any row order (see <see cref="CopyOrder"/>).
/// </summary>
internal static class PostgresTableCopy
{
    public static async Task<long> CopyAsync(DbDataReader source, NpgsqlConnection target, CopyTable table, CancellationToken cancellationToken)
    {
        await using var importer = await target.BeginBinaryImportAsync(
            $"COPY {table.QuotedName} ({table.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        while (await source.ReadAsync(cancellationToken))
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                await WriteAsync(importer, source, i, table.Columns[i].Kind, cancellationToken);
            }
        }

        return (long)await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, DbDataReader source, int ordinal, ColumnKind kind,
        CancellationToken cancellationToken)
    {
        if (source.IsDBNull(ordinal))
        {
            return importer.WriteNullAsync(cancellationToken);
        }

        return kind switch
        {
            ColumnKind.Text => importer.WriteAsync(source.GetString(ordinal), NpgsqlDbType.Text, cancellationToken),
            ColumnKind.Bytes => importer.WriteAsync(source.GetFieldValue<byte[]>(ordinal), NpgsqlDbType.Bytea, cancellationToken),
            // SQLite integers are all 64-bit; a value that does not fit PostgreSQL's INTEGER fails the copy (rolled back).
            ColumnKind.Integer => importer.WriteAsync(checked((int)source.GetInt64(ordinal)), NpgsqlDbType.Integer, cancellationToken),
            _ => importer.WriteAsync(source.GetInt64(ordinal), NpgsqlDbType.Bigint, cancellationToken),
        };
    }
}

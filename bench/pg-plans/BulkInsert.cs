using System.Data.Common;

namespace Depot.PgPlans;

/// <summary>Multi-row <c>INSERT … VALUES (…), (…)</c> in batches: portable, and a few hundred round trips for 100,000 rows.</summary>
internal static class BulkInsert
{
    // 100 rows: Microsoft.Data.Sqlite finds each named parameter by a linear search, so the cost of a batch grows with
    // the square of its parameters (500 rows took minutes to load); 100 keeps both backends' loads at seconds.
    private const int BatchRows = 100;

    public static async Task RunAsync(DbConnection connection, DbTransaction transaction, string table, string[] columns, List<object?[]> rows)
    {
        for (var start = 0; start < rows.Count; start += BatchRows)
        {
            var batch = rows.GetRange(start, Math.Min(BatchRows, rows.Count - start));
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var values = new List<string>(batch.Count);
            var p = 0;
            foreach (var row in batch)
            {
                var names = new string[columns.Length];
                for (var c = 0; c < columns.Length; c++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"p{p}";
                    parameter.Value = row[c] ?? DBNull.Value;
                    command.Parameters.Add(parameter);
                    names[c] = $"@p{p++}";
                }

                values.Add($"({string.Join(", ", names)})");
            }

            command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES {string.Join(", ", values)}";
            await command.ExecuteNonQueryAsync();
        }
    }
}

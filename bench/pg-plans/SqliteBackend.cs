using System.Data.Common;
using System.Text;
using Depot.Core.Data;
using Microsoft.Data.Sqlite;

namespace Depot.PgPlans;

/// <summary>
/// Depot's SQLite database in a temp folder, as Depot runs it (no ANALYZE: Depot never runs one). Plans: each statement
/// the store runs is caught with its parameters expanded (<c>sqlite3_trace</c>) and shown with <c>EXPLAIN QUERY
/// PLAN</c>.
/// </summary>
internal sealed class SqliteBackend : IBackend
{
    private readonly DirectoryInfo _folder;
    private readonly SqliteDatabase _database;
    private readonly List<string> _statements = [];

    public SqliteBackend()
    {
        _folder = Directory.CreateTempSubdirectory("depot-plans-");
        _database = new SqliteDatabase(Path.Combine(_folder.FullName, "depot.db"));
        Explaining = CapturingDatabase.Create(_database, OpenTracedAsync);
        using var version = new SqliteConnection("Data Source=:memory:");
        version.Open();
        using var command = version.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        Description = $"SQLite {command.ExecuteScalar()}, no ANALYZE (as Depot runs it)";
    }

    public string Name => "sqlite";

    public string Description { get; }

    public IDatabase Database => _database;

    private IDatabase Explaining { get; }

    private string ConnectionString => $"Data Source={_database.Path};Pooling=False";

    public async Task<string> ExplainAsync(Probe probe, Landmarks landmarks)
    {
        _statements.Clear();
        await probe.RunAsync(Explaining, landmarks, CancellationToken.None);
        var text = new StringBuilder();
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in _statements.ToList())
        {
            text.AppendLine("Query Text: " + sql);
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            await using var row = await command.ExecuteReaderAsync();
            var depth = new Dictionary<long, int> { [0] = 0 };
            while (await row.ReadAsync())
            {
                var level = depth.GetValueOrDefault(row.GetInt64(1)) + 1;
                depth[row.GetInt64(0)] = level;
                text.Append(' ', level * 2).AppendLine(row.GetString(3));
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private async Task<DbConnection> OpenTracedAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // The legacy trace callback receives the statement with its bound parameters written in as literals.
        SQLitePCL.raw.sqlite3_trace(connection.Handle, (_, sql) =>
        {
            lock (_statements)
            {
                _statements.Add(sql.utf8_to_string());
            }
        }, null);
        return connection;
    }
}

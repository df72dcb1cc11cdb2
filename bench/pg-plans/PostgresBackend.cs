using System.Data.Common;
using System.Text;
using Dapper;
using Depot.Core.Data;
using Depot.Testing;
using Npgsql;

namespace Depot.PgPlans;

/// <summary>
/// A database on the throwaway server of <see cref="PostgresServer"/> (initdb + pg_ctl in a temp folder, stopped by
/// PID). Plans come from <c>auto_explain</c> with ANALYZE and BUFFERS, the same output as <c>EXPLAIN (ANALYZE,
/// BUFFERS)</c> but of the statements the store really sends, with their real parameters, delivered to the client as
/// notices (<c>client_min_messages = log</c>).
/// </summary>
internal sealed class PostgresBackend : IBackend
{
    private const string ExplainSettings =
        "LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; " +
        "SET auto_explain.log_buffers = on; SET auto_explain.log_nested_statements = on; SET client_min_messages = log";

    private readonly PostgresDatabase _explaining;
    private readonly PostgresDatabase _database;
    private readonly StringBuilder _plans = new();

    private PostgresBackend(string connectionString, string description)
    {
        _database = new PostgresDatabase(connectionString);
        // Unpooled: the explain settings die with each connection and never reach the timed pool.
        _explaining = new PostgresDatabase(connectionString + ";Pooling=false");
        Explaining = CapturingDatabase.Create(_explaining, OpenExplainingAsync);
        Description = description;
    }

    public string Name => "postgres";

    public string Description { get; }

    public IDatabase Database => _database;

    private IDatabase Explaining { get; }

    /// <summary>A new database whose default collation is <paramref name="collation"/>: <c>C</c>, or an ICU locale such as <c>en-US</c>.</summary>
    public static async Task<PostgresBackend> CreateAsync(string collation)
    {
        var server = PostgresServer.Shared;
        var name = $"plans_{Guid.NewGuid():N}";
        var locale = collation == "C"
            ? "LC_COLLATE 'C' LC_CTYPE 'C'"
            : $"LOCALE_PROVIDER icu ICU_LOCALE '{collation}' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'";
        await using (var admin = new NpgsqlConnection(server.ConnectionString("postgres") + ";Pooling=false"))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' {locale}");
        }

        var connectionString = server.ConnectionString(name);
        await using var probe = new NpgsqlConnection(connectionString + ";Pooling=false");
        await probe.OpenAsync();
        var version = await probe.ExecuteScalarAsync<string>("SHOW server_version");
        return new PostgresBackend(connectionString, $"PostgreSQL {version}, database collation {collation}, after VACUUM ANALYZE");
    }

    public async Task AnalyzeAsync()
    {
        await using var connection = await _database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("VACUUM ANALYZE");
    }

    public async Task<string> ExplainAsync(Probe probe, Landmarks landmarks)
    {
        _plans.Clear();
        await probe.RunAsync(Explaining, landmarks, CancellationToken.None);
        return _plans.ToString();
    }

    public ValueTask DisposeAsync()
    {
        _database.Dispose();
        _explaining.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<DbConnection> OpenExplainingAsync(CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)await _explaining.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(ExplainSettings);
        connection.Notice += (_, e) =>
        {
            lock (_plans)
            {
                _plans.AppendLine(e.Notice.MessageText.TrimEnd()).AppendLine();
            }
        };
        return connection;
    }
}

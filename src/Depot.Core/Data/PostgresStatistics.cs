using Dapper;

namespace Depot.Core.Data;

/// <summary>
/// Keeps PostgreSQL's planner statistics up with tables that grow fast: a new installation, a bulk upload, an import.
/// <para>
/// Why: Npgsql prepares Depot's statements once per pooled connection, and PostgreSQL keeps a prepared statement's plan
/// until the statistics of its tables change. Planned while the tables were nearly empty, a lookup of one name among a
/// folder's children chose whichever index on <c>parent_id</c> came first (every estimate was one row), and scanned all
/// 20,000 children of the folder for each request: about 2.5 ms a lookup instead of 0.02. Autovacuum analyses a table
/// only once 10% of it changed and looks at most once a minute, so that plan stayed for the whole first minute of
/// uploads, and longer as the table kept growing. Here each node looks every few seconds (one catalogue query) and
/// analyses a Depot table once it doubled since the last ANALYZE (its own or autovacuum's): half its rows changed; ANALYZE
/// makes PostgreSQL plan the cached statements again.
/// </para>
/// <para>
/// Why doubled, not more often: a plan goes wrong when the statistics are off by orders of magnitude (one row guessed
/// for thousands), not by half. Every ANALYZE of a table past about 30,000 rows reads a sample of that many (70–170 ms
/// a table under load); at a fifth, a bulk upload of 3,000 files a second analysed four tables every few seconds, 8–14%
/// of PostgreSQL's CPU (bench/README.md, "Issue 10: warm-ups by time, ANALYZE when doubled, probes that share a
/// query"). Doubling analyses a growing table a third as often.
/// </para>
/// </summary>
public sealed class PostgresStatistics(IDatabase database)
{
    // Below this many changed rows a wrong plan costs next to nothing, and an ANALYZE would cost more.
    private const int MinChangedRows = 200;
    private const double ChangedShare = 0.5;   // of the rows now: the table doubled since its last ANALYZE

    // Tables every query reads by primary key, whose plans statistics cannot change, left to autovacuum. blob_contents
    // holds small files' content, 4 KiB and more a row: an ANALYZE of it reads every sampled row's page, 140 ms at
    // 20,000 rows, and while uploads grow it that was most of the ANALYZE work, itself 8% of PostgreSQL's CPU
    // (bench/README.md, "Issue 10: two round trips under the tree's lock").
    private static readonly string[] KeyOnlyTables = ["blob_contents"];

    /// <summary>Analyses every table of the current schema that changed enough since its last ANALYZE; returns their names.</summary>
    public async Task<IReadOnlyList<string>> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var tables = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = current_schema() " +
            "AND n_mod_since_analyze >= @MinChangedRows AND n_mod_since_analyze >= @ChangedShare * n_live_tup " +
            "AND relname <> ALL(@KeyOnlyTables) ORDER BY relname",
            new { MinChangedRows, ChangedShare, KeyOnlyTables }, cancellationToken: cancellationToken))).AsList();
        foreach (var table in tables)
        {
            // A name from the catalogue, quoted as an identifier: ANALYZE takes no parameters.
            await connection.ExecuteAsync(new CommandDefinition(
                $"ANALYZE \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken: cancellationToken));
        }

        return tables;
    }
}

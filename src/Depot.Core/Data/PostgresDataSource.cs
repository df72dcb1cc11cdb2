using System.Data.Common;
using Npgsql;

namespace Depot.Core.Data;

/// <summary>
/// Builds <see cref="PostgresDatabase"/>'s <see cref="NpgsqlDataSource"/> from the operator's connection string, with
/// Depot's defaults for what the string leaves unsaid. Whatever the string sets explicitly wins.
/// </summary>
internal static class PostgresDataSource
{
    // Depot runs a few dozen distinct statements over and over (the path walk on every request, the child lookup and the
    // inserts of every upload). Unprepared, PostgreSQL parses and plans each one on every execution (the path walk's
    // recursive CTE plans slower than it runs), and an upload runs about ten of them while it holds its tree's write lock.
    // Npgsql's auto-prepare plans a statement once per pooled connection (prepared statements survive the pool's reset).
    // Measured on the bench machine (2 cores): PostgreSQL's CPU per small-file GET went from about 1.5 ms to 0.8 ms.
    // 64 covers the hot statements; the rarely used rest stay unprepared (at least two uses before preparing).
    private const int MaxAutoPrepare = 64;
    private const int AutoPrepareMinUsages = 2;

    // Npgsql resets every connection taken from its pool (RESET ALL, CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all(),
    // DISCARD SEQUENCES, DISCARD TEMP: seven statements of server work before the first query). Depot sets no session
    // state (no SET, no temporary tables, no LISTEN on pooled connections; the migration lock is released explicitly),
    // and a request opens a connection two to four times, so the reset cost more than the queries of a small read.
    private const bool NoResetOnClose = true;

    // Npgsql's default pool is 100 connections a node: one PostgreSQL backend per request in flight. Two nodes under
    // load then exceed PostgreSQL's own default max_connections (100) and new connections are refused; and backends
    // beyond the database server's cores only queue for them, with context switches on top. Measured with PostgreSQL
    // on the bench machine's 2 cores, 64 concurrent 4 KiB GETs: 16 connections made 8,600-9,000 req/s with a p99 of
    // 36-45 ms, the default 5,100-7,500 at 63-76 ms (docs/configuration.md). A request holds one connection at a time
    // and none while it waits for a group commit (ConnectionUse, checked by every test suite), so a pool smaller than
    // the requests in flight makes them queue, never deadlock.
    internal const int MaxPoolSize = 16;

    public static NpgsqlDataSource Build(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (!Sets(connectionString, "maxautoprepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = MaxAutoPrepare;
            if (!Sets(connectionString, "autoprepareminusages"))
            {
                builder.ConnectionStringBuilder.AutoPrepareMinUsages = AutoPrepareMinUsages;
            }
        }

        if (!Sets(connectionString, "noresetonclose"))
        {
            builder.ConnectionStringBuilder.NoResetOnClose = NoResetOnClose;
        }

        if (!Sets(connectionString, "maximumpoolsize") && !Sets(connectionString, "maxpoolsize"))
        {
            builder.ConnectionStringBuilder.MaxPoolSize = MaxPoolSize;
        }

        return builder.Build();
    }

    // Npgsql's own builder cannot tell "left at the default" from "set to the default", so the operator's string is
    // read as written: "Max Auto Prepare=0" keeps auto-prepare off.
    private static bool Sets(string connectionString, string keyword) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));
}

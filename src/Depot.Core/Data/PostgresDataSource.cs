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

        return builder.Build();
    }

    // Npgsql's own builder cannot tell "left at the default" from "set to the default", so the operator's string is
    // read as written: "Max Auto Prepare=0" keeps auto-prepare off.
    private static bool Sets(string connectionString, string keyword) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys
            .Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));
}

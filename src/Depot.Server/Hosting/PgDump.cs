using System.Diagnostics;
using Npgsql;

namespace Depot.Server.Hosting;

/// <summary>
/// Runs PostgreSQL's own <c>pg_dump</c> (from PATH) for a backup of PostgreSQL metadata: one consistent snapshot in the
/// custom format, which <c>pg_restore</c> reads. The connection settings go to it as <c>PG*</c> environment variables, so
/// the password never appears in a process list.
/// </summary>
internal static class PgDump
{
    public const string FileName = "depot.dump";

    /// <summary>Null when it worked, else what went wrong in one sentence.</summary>
    public static async Task<string?> RunAsync(string connectionString, string target, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo("pg_dump")
        {
            ArgumentList = { "--format=custom", "--no-owner", "--file", target },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        Set(start, "PGHOST", settings.Host);
        Set(start, "PGPORT", settings.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Set(start, "PGDATABASE", settings.Database);
        Set(start, "PGUSER", settings.Username);
        Set(start, "PGPASSWORD", settings.Password);
        Set(start, "PGSSLMODE", settings.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "pg_dump is not on the PATH: install PostgreSQL's client programs (the same major version as the server or newer)";
        }

        using (process)
        {
            if (process is null)
            {
                return "pg_dump could not be started";
            }

            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return process.ExitCode == 0 ? null : $"pg_dump failed (exit code {process.ExitCode}): {(await errors).Trim()}";
        }
    }

    private static void Set(ProcessStartInfo start, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            start.Environment[name] = value;
        }
    }
}

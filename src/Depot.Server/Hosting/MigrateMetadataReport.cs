using System.Globalization;
using System.Text;
using Depot.Core.Data.Copy;

namespace Depot.Server.Hosting;

/// <summary>What <c>migrate-metadata</c> prints: the verification table, and what the operator does next.</summary>
internal static class MigrateMetadataReport
{
    // A prefix is enough for a person comparing two columns; the copier compares the whole digests.
    private const int ShownDigits = 16;

    public static string Table(MetadataCopyReport report)
    {
        var width = Math.Max("table".Length, report.Tables.Max(t => t.Table.Length));
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"table".PadRight(width)}  {"source rows",11}  {"target rows",11}  {"source sha-256",-ShownDigits}  target sha-256");
        foreach (var table in report.Tables)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{table.Table.PadRight(width)}  {table.SourceRows,11}  {table.TargetRows,11}  {table.SourceSha256[..ShownDigits]}  " +
                $"{table.TargetSha256[..ShownDigits]}  {(table.Matches ? "ok" : "MISMATCH")}");
        }

        return text.ToString();
    }

    public static string NextSteps(MetadataCopyReport report, string dataFolder, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"""
        Copied {report.Rows} rows in {report.Tables.Count} tables in {elapsed.TotalSeconds:0.0} s; every table's row count and SHA-256 match.

        Next:
          1. Start the server on the same data folder with PostgreSQL metadata, the connection string in
             DEPOT_METADATA_CONNECTION_STRING (or Depot:Metadata:ConnectionString):
               depot-server --data {dataFolder} --Depot:Metadata:Provider=postgres
             Set Depot:Metadata:Provider=postgres in appsettings.json (or Depot__Metadata__Provider) so that every start uses it.
          2. The file contents stay where they are, in {Path.Combine(dataFolder, "blobs")}: this command copies metadata only.
          3. depot.db is no longer read. Keep it as a backup until you are satisfied, then remove it (with -wal and -shm):
             a server started without the postgres provider would use it again and miss every change made since.

        """);
}

using System.Globalization;
using System.Text;
using Depot.Core.Storage;
using Depot.Core.Storage.Move;
using Depot.Core.Storage.S3;

namespace Depot.Server.Hosting;

/// <summary>What <c>migrate-blobs</c> prints: progress, the counts, the blobs it could not copy, and what to do next.</summary>
internal static class MigrateBlobsReport
{
    // Enough for the operator to find the files that lose their content; LocateAsync lists them by owner and path.
    private const int LocationsPerBlob = 3;

    /// <summary>The bucket as the operator knows it (never the keys).</summary>
    public static string Describe(S3StorageOptions options) =>
        $"the bucket '{options.Bucket}' at {(string.IsNullOrEmpty(options.ServiceUrl) ? $"AWS {options.Region}" : options.ServiceUrl)} " +
        $"(keys {options.BlobPrefix}…)";

    public static string Progress(long blobs, long bytes, TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"  {blobs} blobs checked, {bytes} bytes copied, {elapsed.TotalSeconds:0} s");

    public static string Table(BlobMoveReport report)
    {
        var text = new StringBuilder();
        Row("blobs in the metadata", report.Blobs);
        Row("copied and verified", report.Copied, $"{report.BytesCopied} bytes");
        Row("  of which replaced", report.Replaced, "an object of the wrong size was in the bucket");
        Row("already in the bucket", report.AlreadyThere, "skipped: the recorded size");
        Row("missing locally", report.MissingLocally);
        Row("damaged locally", report.DamagedLocally);
        Row("not verified in bucket", report.NotVerified);
        return text.ToString();

        void Row(string label, long count, string? note = null) =>
            text.AppendLine(CultureInfo.InvariantCulture, $"{label,-24}{count,12}{(note is null ? "" : $"  ({note})")}");
    }

    public static async Task<string> ProblemsAsync(BlobMoveReport report, IBlobHealthStore metadata, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        foreach (var problem in report.Problems)
        {
            var where = await metadata.LocateAsync(problem.BlobId, LocationsPerBlob, cancellationToken);
            var files = where.Count == 0 ? "no file refers to it" : string.Join(", ", where.Select(l => $"{l.Owner}:{l.Path}{(l.InTrash ? " (in trash)" : "")}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"{Label(problem.Failure)} {problem.BlobId}: {problem.Detail} ({files})");
        }

        var total = report.MissingLocally + report.DamagedLocally + report.NotVerified;
        if (total > report.Problems.Count)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"… and {total - report.Problems.Count} more.");
        }

        return text.ToString();
    }

    public static string Incomplete(BlobMoveReport report) => report.StoppedBy is { } stopped
        ? $"the bucket failed and the copy stopped ({stopped.TrimEnd('.')}). What was copied stays; run migrate-blobs again to continue, " +
          "and keep Depot:Storage:Provider=local until it exits with 0."
        : "not every blob is in the bucket (listed above). Keep Depot:Storage:Provider=local: restore the damaged or missing blob files " +
          "from a backup (or delete the files that refer to them), then run migrate-blobs again; it copies only what is still missing.";

    public static string NextSteps(BlobMoveReport report, string dataFolder, string blobFolder, TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"""
        Every one of the {report.Blobs} blobs the metadata records is in the bucket; {report.Copied} copied ({report.BytesCopied} bytes) in {elapsed.TotalSeconds:0.0} s, each verified by SHA-256.

        Next:
          1. Start the server on the same data folder with the s3 provider and the same Depot:Storage:S3 settings:
               depot-server --data {dataFolder} --Depot:Storage:Provider=s3
             Set Depot:Storage:Provider=s3 in appsettings.json (or Depot__Storage__Provider) so that every start uses it.
          2. The local files in {blobFolder} were not deleted. Keep them as a backup until you are satisfied, then remove them:
             a server started without the s3 provider would use them again and miss every file uploaded since.

        """);

    private static string Label(BlobMoveFailure failure) => failure switch
    {
        BlobMoveFailure.MissingLocally => "missing locally:",
        BlobMoveFailure.DamagedLocally => "damaged locally:",
        _ => "not verified in the bucket:",
    };
}

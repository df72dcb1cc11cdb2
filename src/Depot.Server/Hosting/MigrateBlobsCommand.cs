using System.ComponentModel.DataAnnotations;
using Depot.Core.Storage;
using Depot.Core.Storage.Move;
using Depot.Core.Storage.S3;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>depot-server migrate-blobs --to s3</c>: copies the data folder's local blob folder (<c>blobs/</c>) into the bucket
/// of <c>Depot:Storage:S3</c> (<see cref="BlobMover"/>), for a single-node installation moving its file contents to S3.
/// Every blob the metadata records is hashed locally, sent, read back and verified by SHA-256; a blob already in the
/// bucket with its recorded size is skipped, so a run that was interrupted continues where it stopped. Local files are
/// never deleted; the operator switches <c>Depot:Storage:Provider</c> to <c>s3</c> afterwards. It holds the data-folder
/// lock (<see cref="DataFolderLock"/>) throughout, like <c>migrate-metadata</c>. Exit codes: 0 every blob is in the
/// bucket and verified, 1 refused, failed, or some blob not copied (the report names it), 2 usage.
/// </summary>
internal static class MigrateBlobsCommand
{
    public const string Verb = "migrate-blobs";

    private const string UsageLine =
        "Usage: depot-server migrate-blobs --to s3 [--data DIR] [--Depot:Storage:S3:Bucket=NAME and the other S3 settings] [other settings]";

    // A line at least this often, so a long copy shows it is alive.
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        if (MigrateBlobsArguments.Parse(args) is not { } parsed)
        {
            await Console.Error.WriteLineAsync(UsageLine);
            return 2;
        }

        if (parsed is not { From: "local", To: "s3" })
        {
            await Console.Error.WriteLineAsync($"depot-server: only --from local --to s3 is supported.\n{UsageLine}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // end through the token, so a multipart upload in flight is aborted rather than left behind
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return await MigrateAsync(parsed, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(
                "depot-server: cancelled. What was copied stays in the bucket; run migrate-blobs again to continue from there.");
            return 1;
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"depot-server: {StartupFailure.Describe(exception)}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task<int> MigrateAsync(MigrateBlobsArguments arguments, CancellationToken cancellationToken)
    {
        await using var app = DepotApp.Build(arguments.Settings);
        var services = app.Services;
        var data = services.GetRequiredService<IOptions<DataFolderOptions>>().Value;
        var metadata = services.GetRequiredService<IOptions<MetadataOptions>>().Value;
        var storage = services.GetRequiredService<StorageOptions>();
        if (S3Problems(storage.S3) is { } invalid)
        {
            return await FailAsync($"{invalid}. Give the bucket with --Depot:Storage:S3:Bucket=… and the other Depot:Storage:S3 settings " +
                "(docs/configuration.md), as the server will use them.");
        }

        if (!metadata.IsPostgres && !File.Exists(data.DatabasePath))
        {
            return await FailAsync($"There is no Depot database at {data.DatabasePath}; give the data folder with --data.");
        }

        var source = services.GetRequiredService<LocalBlobStore>();
        using var folderLock = new DataFolderLock();
        if (!folderLock.TryAcquire(data.FullPath))
        {
            return await FailAsync($"A depot-server is running on the data folder '{data.FullPath}' (it holds {DataFolderLock.FileName}): " +
                "stop it first, so that the copy is complete and nothing changes while it runs.");
        }

        var clock = services.GetRequiredService<TimeProvider>();
        using var target = new S3BlobStore(S3Clients.Create(storage.S3), storage.S3, clock,
            services.GetRequiredService<ILogger<S3BlobStore>>());
        try
        {
            await target.CheckReadyAsync(cancellationToken);
        }
        catch (StorageUnavailableException e)
        {
            return await FailAsync($"{e.Message.TrimEnd('.')}. Check the Depot:Storage:S3 settings; the bucket must exist.");
        }

        var health = services.GetRequiredService<IBlobHealthStore>();
        var where = MigrateBlobsReport.Describe(storage.S3);
        await Console.Out.WriteLineAsync($"Copying the blobs of {source.Root} into {where}…");
        var started = clock.GetTimestamp();
        var lastLine = started;
        var report = await new BlobMover(health, source, target, services.GetRequiredService<IBlobStoreLayer>()).MoveAsync((blobs, bytes) =>
        {
            if (clock.GetElapsedTime(lastLine) >= ProgressInterval)
            {
                lastLine = clock.GetTimestamp();
                Console.Out.WriteLine(MigrateBlobsReport.Progress(blobs, bytes, clock.GetElapsedTime(started)));
            }
        }, cancellationToken);

        await Console.Out.WriteAsync(MigrateBlobsReport.Table(report));
        if (report.Problems.Count > 0)
        {
            await Console.Error.WriteAsync(await MigrateBlobsReport.ProblemsAsync(report, health, cancellationToken));
        }

        if (!report.IsComplete)
        {
            return await FailAsync(MigrateBlobsReport.Incomplete(report));
        }

        await Console.Out.WriteAsync(MigrateBlobsReport.NextSteps(report, data.FullPath, source.Root, clock.GetElapsedTime(started)));
        return 0;
    }

    // The server validates Depot:Storage:S3 only with the s3 provider, which is not switched on yet while this runs.
    private static string? S3Problems(S3StorageOptions options)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true)
            ? null
            : string.Join("; ", results.Select(r => $"Depot:Storage:S3:{string.Join(',', r.MemberNames)}: {r.ErrorMessage?.TrimEnd('.')}"));
    }

    private static async Task<int> FailAsync(string sentence)
    {
        await Console.Error.WriteLineAsync($"depot-server: {sentence}");
        return 1;
    }
}

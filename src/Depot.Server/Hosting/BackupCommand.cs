using Dapper;
using System.Globalization;
using Depot.Core.Backups;
using Depot.Core.Data;
using Depot.Core.Storage;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>depot-server backup DEST</c>: an online, consistent backup while the server keeps running. In order:
/// <list type="number">
/// <item>a backup lease is committed (<see cref="BackupRecords"/>): from then on garbage collection deletes no blob, so
/// whatever the snapshot references keeps its file; the lease is renewed every minute while the copy runs;</item>
/// <item>the metadata is copied at one point in time with SQLite's <c>VACUUM INTO</c> into <c>DEST/depot.db.partial</c>;</item>
/// <item>every blob the snapshot records is copied as stored (ciphertext when encryption at rest is on) into
/// <c>DEST/blobs</c> and verified by SHA-256 through the blob layer; blobs already there are skipped, so a second
/// backup into the same folder copies only new ones;</item>
/// <item>only then the snapshot replaces <c>DEST/depot.db</c> and <c>manifest.json</c> is written: a run that fails
/// leaves the previous backup in DEST whole.</item>
/// </list>
/// With PostgreSQL metadata the snapshot is <c>pg_dump</c>'s (from PATH, custom format, <c>DEST/depot.dump</c>), and the
/// blobs copied are those the live store lists once the dump has finished (a superset of the dump's, as nothing is
/// deleted under the lease); its counts are the live store's at that moment. Exit codes: 0 backed up and verified,
/// 1 refused or failed (the report says why), 2 usage.
/// </summary>
internal static class BackupCommand
{
    public const string Verb = "backup";

    private const string UsageLine = "Usage: depot-server backup DEST [--data DIR] [other settings]";

    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(30);

    public static Task<int> RunAsync(string[] args) => CommandRunner.RunAsync(FolderArgument.Parse(args), UsageLine,
        "cancelled. The previous backup in the folder (if any) is unchanged; run backup again: it copies only what is missing.",
        BackupAsync);

    private static async Task<int> BackupAsync(FolderArgument arguments, CancellationToken cancellationToken)
    {
        await using var app = DepotApp.Build(arguments.Settings);
        var services = app.Services;
        var data = services.GetRequiredService<IOptions<DataFolderOptions>>().Value;
        var metadata = services.GetRequiredService<IOptions<MetadataOptions>>().Value;
        if (!metadata.IsPostgres && !File.Exists(data.DatabasePath))
        {
            return await CommandRunner.FailAsync($"There is no Depot database at {data.DatabasePath}; give the data folder with --data.");
        }

        var destination = Path.GetFullPath(arguments.Folder);
        if (IsInside(destination, data.FullPath))
        {
            return await CommandRunner.FailAsync($"The backup folder {destination} is inside the data folder {data.FullPath}; choose one outside it.");
        }

        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any()
            && !File.Exists(Path.Combine(destination, BackupManifest.FileName)) && !Directory.Exists(Path.Combine(destination, "blobs")))
        {
            return await CommandRunner.FailAsync($"The folder {destination} holds other files and no Depot backup; give an empty or new folder, " +
                "or one an earlier backup wrote.");
        }

        if (!await HasBackupsTableAsync(services.GetRequiredService<IDatabase>(), cancellationToken))
        {
            return await CommandRunner.FailAsync("The metadata was made by an older depot-server and has no place for backup leases yet. " +
                "Start this version's server once (it upgrades the schema as it starts), then run backup again.");
        }

        OwnerOnly.CreateFolder(destination);
        var clock = services.GetRequiredService<TimeProvider>();
        var storage = services.GetRequiredService<StorageOptions>();
        var records = new BackupRecords(services.GetRequiredService<IDatabase>(), clock);
        var started = clock.GetTimestamp();
        var takenAt = clock.GetUtcNow();

        var leaseId = await records.StartAsync(destination, cancellationToken);
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = RenewAsync(records, leaseId, renewing.Token);
        var result = "failed";
        BlobCopyReport? copy = null;
        try
        {
            await Console.Out.WriteLineAsync($"Backing up {(metadata.IsPostgres ? "the PostgreSQL metadata and its blobs" : data.FullPath)} into {destination}…");
            var metadataFile = metadata.IsPostgres ? PgDump.FileName : "depot.db";
            var partial = Path.Combine(destination, metadataFile + ".partial");
            File.Delete(partial);
            var lastLine = clock.GetTimestamp();
            void Progress(long blobs, long bytes)
            {
                if (clock.GetElapsedTime(lastLine) >= ProgressInterval)
                {
                    lastLine = clock.GetTimestamp();
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {blobs} blobs checked, {bytes} bytes copied, {clock.GetElapsedTime(started).TotalSeconds:0} s"));
                }
            }

            var sourceRaw = services.GetRequiredKeyedService<IBlobStore>(IBlobStoreLayer.RawKey);
            var destinationRaw = new LocalBlobStore(Path.Combine(destination, "blobs"), storage, clock);
            var layer = services.GetRequiredService<IBlobStoreLayer>();
            if (metadata.IsPostgres)
            {
                if (await PgDump.RunAsync(metadata.ConnectionString!, partial, cancellationToken) is { } dumpFailed)
                {
                    result = dumpFailed;
                    return await CommandRunner.FailAsync($"{dumpFailed}.");
                }

                // The blobs listed after the dump finished: under the lease none has been deleted since it began, so they
                // include every blob the dump references (and perhaps a few newer ones).
                copy = await new BlobCopier(new SqlBlobHealthStore(services.GetRequiredService<IDatabase>()), sourceRaw, destinationRaw, layer)
                    .CopyAsync(Progress, cancellationToken);
            }
            else
            {
                await MetadataSnapshot.TakeAsync(data.DatabasePath, partial, cancellationToken);
                using var snapshot = new SqliteDatabase(partial);
                copy = await new BlobCopier(new SqlBlobHealthStore(snapshot), sourceRaw, destinationRaw, layer).CopyAsync(Progress, cancellationToken);
            }

            if (!copy.IsComplete)
            {
                result = $"{copy.Failed} blobs could not be copied intact";
                await Console.Error.WriteLineAsync(string.Join('\n', copy.Problems));
                return await CommandRunner.FailAsync($"{result} (listed above); the previous backup in {destination} is unchanged. " +
                    "Run depot-server's scrub (depot admin scrub) to find the damaged files.");
            }

            SnapshotCounts counts;
            if (metadata.IsPostgres)
            {
                counts = await MetadataSnapshot.CountAsync(services.GetRequiredService<IDatabase>(), cancellationToken);
            }
            else
            {
                await MetadataSnapshot.CloseJournalAsync(partial, cancellationToken);
                if (await MetadataSnapshot.CheckAsync(partial, cancellationToken) is not "ok" and var problems)
                {
                    result = "the snapshot failed its integrity check";
                    return await CommandRunner.FailAsync($"{result}:\n{problems}");
                }

                counts = await MetadataSnapshot.CountAsync(partial, cancellationToken);
            }

            var (metadataBytes, metadataSha256) = await FileDigest.OfAsync(partial, cancellationToken);
            File.Move(partial, Path.Combine(destination, metadataFile), overwrite: true);
            await new BackupManifest(BackupManifest.CurrentFormat, takenAt, ServerCommandLine.Version, metadataFile, metadataBytes, metadataSha256,
                counts, copy).WriteAsync(destination, cancellationToken);
            result = BackupRecords.Ok;

            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
                Backed up {counts.Files} files ({counts.Versions} versions, {counts.Blobs} blobs, {counts.BlobBytes} bytes) of {counts.Users} users as of {takenAt:O}.
                copied and verified   {copy.Copied,10}  ({copy.BytesCopied} bytes)
                already in the backup {copy.AlreadyThere,10}
                in {clock.GetElapsedTime(started).TotalSeconds:0.0} s; manifest: {Path.Combine(destination, BackupManifest.FileName)}
                """));
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = "cancelled";
            throw;
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            // Not the run's token: a cancelled backup still ends its lease, so collection resumes at once.
            await records.FinishAsync(leaseId, result, copy?.Copied ?? 0, copy?.BytesCopied ?? 0, CancellationToken.None);
        }
    }

    // The lease keeps garbage collection off the blobs being copied; without its table (migration 0020) there is no lease.
    private static async Task<bool> HasBackupsTableAsync(IDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(database.TableExistsSql, new { table = "backups" },
            cancellationToken: cancellationToken));
    }

        private static async Task RenewAsync(BackupRecords records, string leaseId, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(BackupRecords.RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await records.RenewAsync(leaseId, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The backup ended.
        }
    }

    private static bool IsInside(string path, string folder) =>
        (path + Path.DirectorySeparatorChar).StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}

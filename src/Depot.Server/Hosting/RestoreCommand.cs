using System.Globalization;
using Depot.Core.Backups;
using Depot.Core.Data;
using Depot.Core.Storage;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>depot-server restore SRC --data DIR</c>: makes a new data folder from a backup folder. It refuses a data folder
/// that is not empty (a restore never merges into or overwrites data). The metadata file must match the manifest's
/// size and SHA-256; every blob the metadata records is copied as stored and verified by SHA-256 through the blob layer
/// (so the server's encryption settings must be given when the backup holds ciphertext); then
/// <c>PRAGMA integrity_check</c> and the foreign-key check must be clean. Exit codes: 0 restored, 1 refused or failed
/// (what was written is left for inspection; delete DIR before trying again), 2 usage.
/// </summary>
internal static class RestoreCommand
{
    public const string Verb = "restore";

    private const string UsageLine = "Usage: depot-server restore SRC --data DIR [other settings]";

    public static Task<int> RunAsync(string[] args) => CommandRunner.RunAsync(FolderArgument.Parse(args), UsageLine,
        "cancelled. The data folder is incomplete: delete it before restoring again.", RestoreAsync);

    private static async Task<int> RestoreAsync(FolderArgument arguments, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(arguments.Folder);
        if (await BackupManifest.ReadMetadataAsync(source, cancellationToken) is not { } manifest)
        {
            return await CommandRunner.FailAsync($"{source} holds no Depot backup ({BackupManifest.FileName} is missing or unreadable).");
        }

        if (manifest.File == PgDump.FileName)
        {
            return await CommandRunner.FailAsync($"{source} is a backup of PostgreSQL metadata: restore {PgDump.FileName} with pg_restore into an " +
                "empty database and copy blobs/ into the bucket, as docs/operations.md (\"Backups with PostgreSQL and S3\") describes.");
        }

        await using var app = DepotApp.Build(arguments.Settings);
        var services = app.Services;
        var data = services.GetRequiredService<IOptions<DataFolderOptions>>().Value;
        var storage = services.GetRequiredService<StorageOptions>();
        if (services.GetRequiredService<IOptions<MetadataOptions>>().Value.IsPostgres || storage.IsS3)
        {
            return await CommandRunner.FailAsync("restore makes a data folder with SQLite metadata and local blobs; give " +
                "--Depot:Metadata:Provider=sqlite --Depot:Storage:Provider=local (docs/operations.md describes the PostgreSQL and S3 procedure).");
        }

        if (Directory.Exists(data.FullPath) && Directory.EnumerateFileSystemEntries(data.FullPath).Any())
        {
            return await CommandRunner.FailAsync($"The data folder {data.FullPath} is not empty. restore only fills an empty or new folder, " +
                "so that nothing is overwritten: give another --data, or move that folder's content away first.");
        }

        var clock = services.GetRequiredService<TimeProvider>();
        var started = clock.GetTimestamp();
        OwnerOnly.CreateFolder(data.FullPath);
        await Console.Out.WriteLineAsync($"Restoring the backup of {manifest.TakenAt} from {source} into {data.FullPath}…");
        // Only a name inside the backup folder, whatever the manifest says.
        await CopyFileAsync(Path.Combine(source, Path.GetFileName(manifest.File)), data.DatabasePath, cancellationToken);
        var (bytes, sha256) = await FileDigest.OfAsync(data.DatabasePath, cancellationToken);
        if (bytes != manifest.Bytes || sha256 != manifest.Sha256)
        {
            return await CommandRunner.FailAsync($"The backup's metadata file has {bytes} bytes and SHA-256 {sha256} where the manifest records " +
                $"{manifest.Bytes} and {manifest.Sha256}: it is damaged or from another backup.");
        }

        BlobCopyReport copy;
        using (var metadata = new SqliteDatabase(data.DatabasePath))
        {
            copy = await new BlobCopier(new SqlBlobHealthStore(metadata), new LocalBlobStore(Path.Combine(source, "blobs"), storage, clock),
                new LocalBlobStore(Path.Combine(data.FullPath, "blobs"), storage, clock), services.GetRequiredService<IBlobStoreLayer>(),
                verifyExisting: true).CopyAsync(null, cancellationToken);
        }

        if (!copy.IsComplete)
        {
            await Console.Error.WriteLineAsync(string.Join('\n', copy.Problems));
            return await CommandRunner.FailAsync($"{copy.Failed} blobs of the backup are missing or damaged (listed above); the files that " +
                "refer to them would not read. Restore from another backup, or delete the data folder and accept the loss knowingly.");
        }

        if (await MetadataSnapshot.CheckAsync(data.DatabasePath, cancellationToken) is not "ok" and var problems)
        {
            return await CommandRunner.FailAsync($"The restored metadata fails its integrity check:\n{problems}");
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
            Restored {copy.Blobs} blobs ({copy.BytesCopied} bytes), each verified by SHA-256; metadata integrity_check ok; in {clock.GetElapsedTime(started).TotalSeconds:0.0} s.
            Start the server on it: depot-server --data {data.FullPath}
            """));
        return 0;
    }

    private static async Task CopyFileAsync(string from, string to, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        await using var target = new FileStream(to, OwnerOnly.Apply(new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write }));
        await source.CopyToAsync(target, cancellationToken);
        target.Flush(flushToDisk: true);
    }
}

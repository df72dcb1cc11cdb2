using System.Globalization;
using Depot.Core;
using Depot.Core.Access;
using Depot.Core.Accounts;
using Depot.Core.Backups;
using Depot.Core.Events;
using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Protocol;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>depot-server restore-folder SRC --user NAME [--path /sub]</c>, beside a running server: the user's tree (or the
/// folder <c>--path</c> of it) as it was at the backup SRC becomes a new folder <c>/Restored YYYY-MM-DD/…</c> in the
/// same user's live tree. Every file goes in as a new upload through the server's own file service and blob store
/// (so it is charged to the user's quota, encrypted when encryption at rest is on, and checked against the SHA-256 the
/// backup recorded); the whole restore is refused up front when it would not fit the quota. One audit event
/// (<c>backup.restore_folder</c>) records it. Exit codes: 0 restored, 1 refused or failed (what was restored so far
/// stays, in the new folder), 2 usage.
/// </summary>
internal static class RestoreFolderCommand
{
    public const string Verb = "restore-folder";

    private const string UsageLine = "Usage: depot-server restore-folder SRC --user NAME [--path /sub] [--data DIR] [other settings]";

    public static Task<int> RunAsync(string[] args) => CommandRunner.RunAsync(RestoreFolderArguments.Parse(args), UsageLine,
        "cancelled. What was restored so far stays in the new folder; delete it, or run restore-folder again (into a new folder).",
        RestoreAsync);

    private static async Task<int> RestoreAsync(RestoreFolderArguments arguments, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(arguments.Source);
        if (await BackupManifest.ReadMetadataAsync(source, cancellationToken) is not { } manifest)
        {
            return await CommandRunner.FailAsync($"{source} holds no Depot backup ({BackupManifest.FileName} is missing or unreadable).");
        }

        if (manifest.File == PgDump.FileName)
        {
            return await CommandRunner.FailAsync($"{source} is a backup of PostgreSQL metadata, which restore-folder cannot read; restore it " +
                "with pg_restore into a scratch database and copy what is needed from a server started on it.");
        }

        if (DepotPath.Parse(arguments.Path) is not { IsSuccess: true } under)
        {
            return await CommandRunner.FailAsync($"--path '{arguments.Path}' is not a valid path; give one like /Documents/2026.");
        }

        var metadataFile = Path.Combine(source, Path.GetFileName(manifest.File));
        var entries = await SnapshotTree.ReadAsync(metadataFile, arguments.User, under.Value.Value, cancellationToken);
        if (entries is null)
        {
            return await CommandRunner.FailAsync($"The backup of {manifest.TakenAt} has no user '{arguments.User}'.");
        }

        if (entries.Count == 0)
        {
            return await CommandRunner.FailAsync($"The backup of {manifest.TakenAt} has nothing at {under.Value} in the tree of '{arguments.User}'.");
        }

        await using var app = DepotApp.Build(arguments.Settings);
        var services = app.Services;
        if (await services.GetRequiredService<IAccountStore>().FindUserByNameAsync(arguments.User, cancellationToken) is not { } user)
        {
            return await CommandRunner.FailAsync($"The server has no user '{arguments.User}' to restore into (it may have been deleted since the backup).");
        }

        var bytes = entries.Sum(e => e.Size);
        if (user.QuotaBytes is { } quota && user.UsedBytes + bytes > quota)
        {
            return await CommandRunner.FailAsync(string.Create(CultureInfo.InvariantCulture,
                $"The restore needs {bytes} bytes and '{user.Username}' has {Math.Max(0, quota - user.UsedBytes)} left of a quota of {quota}: raise the quota (depot admin users update) or restore a smaller folder with --path, then run it again."));
        }

        var caller = new Caller(user.Id, user.Username, user.IsAdmin);
        var files = services.GetRequiredService<FileService>();
        var folders = services.GetRequiredService<FolderService>();
        var storage = services.GetRequiredService<StorageOptions>();
        var clock = services.GetRequiredService<TimeProvider>();
        await using var contents = SnapshotContents.Open(metadataFile,
            services.GetRequiredService<IBlobStoreLayer>().Wrap(new LocalBlobStore(Path.Combine(source, "blobs"), storage, clock)));
        var takenAt = DateTimeOffset.Parse(manifest.TakenAt, CultureInfo.InvariantCulture);
        var target = await NewFolderAsync(folders, caller, $"Restored {takenAt:yyyy-MM-dd}", cancellationToken);
        if (!target.IsSuccess)
        {
            return await CommandRunner.FailAsync($"Could not create the folder to restore into: {target.Error.Detail}");
        }

        var root = target.Value;
        await Console.Out.WriteLineAsync($"Restoring {entries.Count} items of '{user.Username}' from the backup of {manifest.TakenAt} into {root}…");
        long restoredFiles = 0;
        foreach (var entry in entries)
        {
            var path = DepotPath.Parse(root + entry.Path).Value;
            if (entry.IsFolder)
            {
                var made = await folders.CreateAsync(caller, path, parents: true, cancellationToken);
                if (!made.IsSuccess && made.Error.Code != ErrorCodes.AlreadyExists)
                {
                    return await CommandRunner.FailAsync($"{path}: {made.Error.Detail}");
                }

                continue;
            }

            await using var blob = await contents.OpenAsync(entry.BlobId!, cancellationToken);
            if (blob is null)
            {
                return await CommandRunner.FailAsync($"The backup has no blob {entry.BlobId} for {entry.Path}; the backup is incomplete.");
            }

            var uploaded = await files.UploadAsync(caller, path, blob.Content,
                new UploadRequest(Length: entry.Size, Sha256: entry.Sha256, CreateParents: true), cancellationToken);
            if (!uploaded.IsSuccess)
            {
                return await CommandRunner.FailAsync($"{path}: {uploaded.Error.Detail} ({restoredFiles} files restored so far stay in {root}).");
            }

            restoredFiles++;
        }

        await services.GetRequiredService<AuditLog>().RecordAsync(new AuditActor(null, null, null), AuditActions.BackupRestoreFolder,
            new AuditTarget(user.Id, null, root), ("source", source), ("takenAt", manifest.TakenAt), ("path", under.Value.Value),
            ("files", restoredFiles.ToString(CultureInfo.InvariantCulture)), ("bytes", bytes.ToString(CultureInfo.InvariantCulture)));
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Restored {restoredFiles} files ({bytes} bytes, charged to '{user.Username}') into {root}."));
        return 0;
    }

    // "/Restored 2026-12-01", or "/Restored 2026-12-01 (2)" and so on when an earlier restore of the same day is there.
    private static async Task<Result<string>> NewFolderAsync(FolderService folders, Caller caller, string name, CancellationToken cancellationToken)
    {
        for (var n = 1; n < 100; n++)
        {
            var candidate = n == 1 ? $"/{name}" : $"/{name} ({n})";
            var made = await folders.CreateAsync(caller, DepotPath.Parse(candidate).Value, parents: false, cancellationToken);
            if (made.IsSuccess)
            {
                return candidate;
            }

            if (made.Error.Code != ErrorCodes.AlreadyExists)
            {
                return made.Error;
            }
        }

        return Result<string>.Fail(ErrorCodes.AlreadyExists, $"Ninety-nine folders named '{name}' exist already.");
    }
}

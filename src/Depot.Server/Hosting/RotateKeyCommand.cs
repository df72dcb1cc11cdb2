using Depot.Core.Storage;
using Depot.Core.Storage.Encryption;
using Depot.Core.Uploads;
using Microsoft.Extensions.Options;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>depot-server rotate-key --new-key-file F</c>: re-wraps every blob's data key from the configured key to the key in
/// F (<see cref="KeyRotator"/>) without re-encrypting: in the data folder headers are rewritten in place (seconds per
/// thousands of blobs whatever their size); on S3 each object is replaced whole. The server must be stopped (it holds
/// the data-folder lock, like migrate-blobs; with several nodes, stop them all). Cut short,
/// it is run again with the same two keys and carries on. Exit codes: 0 every blob opens with the new key only,
/// 1 refused or some blob not rotated (the report names it), 2 usage.
/// </summary>
internal static class RotateKeyCommand
{
    public const string Verb = "rotate-key";

    private const string UsageLine = "Usage: depot-server rotate-key --new-key-file FILE [--data DIR] [other settings]";

    public static async Task<int> RunAsync(string[] args)
    {
        var settings = new List<string>();
        string? newKeyFile = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--new-key-file=", StringComparison.Ordinal))
            {
                newKeyFile = args[i]["--new-key-file=".Length..];
            }
            else if (args[i] == "--new-key-file")
            {
                newKeyFile = i + 1 < args.Length ? args[++i] : null;
            }
            else
            {
                settings.Add(args[i]);
            }
        }

        if (string.IsNullOrEmpty(newKeyFile))
        {
            await Console.Error.WriteLineAsync(UsageLine);
            return 2;
        }

        try
        {
            return await RotateAsync(newKeyFile, [.. settings]);
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"depot-server: {StartupFailure.Describe(exception)}");
            return 1;
        }
    }

    private static async Task<int> RotateAsync(string newKeyFile, string[] settings)
    {
        await using var app = DepotApp.Build(settings);
        var services = app.Services;
        var data = services.GetRequiredService<IOptions<DataFolderOptions>>().Value;
        var encryption = services.GetRequiredService<IOptions<EncryptionOptions>>().Value;
        if (!encryption.Enabled)
        {
            return await FailAsync("Depot:Encryption:Enabled is not true: there is no key to rotate. Give the server's encryption settings " +
                "as it runs with them (docs/operations.md).");
        }

        var oldKey = EncryptionKeyLoader.Load(encryption, data.FullPath);
        var newKey = EncryptionKeyLoader.LoadFile(newKeyFile, "--new-key-file", data.FullPath);
        if (newKey.Id == oldKey.Id)
        {
            return await FailAsync($"The new key is the configured key (id {oldKey.Id}); make a new one with: openssl rand -base64 32");
        }

        using var folderLock = new DataFolderLock();
        if (!folderLock.TryAcquire(data.FullPath))
        {
            return await FailAsync($"A depot-server is running on the data folder '{data.FullPath}' (it holds {DataFolderLock.FileName}): " +
                "stop it first, so that no blob is written under the old key while the keys are rotated.");
        }

        // The raw store, local or S3: the rotator rewrites headers as the store allows (in place, or by replacing objects).
        var blobs = services.GetRequiredKeyedService<IBlobStore>(IBlobStoreLayer.RawKey);
        var where = services.GetRequiredService<StorageOptions>() is { IsS3: true } storage
            ? $"s3 bucket {storage.S3.Bucket}" : services.GetRequiredService<LocalBlobStore>().Root;
        await Console.Out.WriteLineAsync($"Re-wrapping the data keys of {where} from key {oldKey.Id} to key {newKey.Id}…");
        var report = await new KeyRotator(blobs, oldKey, newKey).RotateAsync(null, CancellationToken.None);
        await Console.Out.WriteLineAsync(
            $"Blobs: {report.Blobs}; re-wrapped: {report.Rotated}; already under the new key: {report.AlreadyRotated}; not opened by either key: {report.Failed}.");

        // Unfinished tus uploads keep sealed parts of their own: re-wrapped too, so they still complete under the new key.
        long uploads = 0, partsRotated = 0, partsFailed = 0;
        if (services.GetRequiredService<IPartialStore>() is EncryptedPartialStore unfinished)
        {
            await foreach (var upload in unfinished.Parts.ListUploadsAsync(CancellationToken.None))
            {
                uploads++;
                var parts = await new KeyRotator(unfinished.Parts.For(upload.Id), oldKey, newKey).RotateAsync(null, CancellationToken.None);
                partsRotated += parts.Rotated;
                partsFailed += parts.Failed;
            }

            await Console.Out.WriteLineAsync(
                $"Unfinished uploads: {uploads}; their parts re-wrapped: {partsRotated}; not opened by either key: {partsFailed}.");
        }

        if (partsFailed > 0)
        {
            return await FailAsync($"{partsFailed} part(s) of unfinished uploads open with neither key; those uploads cannot complete and " +
                "will be collected when they expire (their clients start them again). Everything else was rotated.");
        }

        if (report.Failed > 0)
        {
            return await FailAsync($"{report.Failed} blob(s) open with neither key (damaged headers, or sealed with another key): " +
                $"{string.Join(", ", report.FailedIds)}. A scrub (docs/operations.md) names the files they belong to; the other blobs were rotated.");
        }

        await Console.Out.WriteLineAsync($"""
            Done: only key {newKey.Id} opens the stored content now.
            Next: point Depot:Encryption:KeyFile (or the key's environment variable) at the new key and start the server.
            Keep the old key as long as you keep backups taken before this rotation: they were sealed with it.
            """);
        return 0;
    }

    private static async Task<int> FailAsync(string message)
    {
        await Console.Error.WriteLineAsync($"depot-server: {message}");
        return 1;
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Depot.Core.Backups;
using Depot.Core.Storage;

namespace Depot.Server.Hosting;

/// <summary>
/// <c>manifest.json</c> of a backup folder: when it was taken and by which version, what the metadata snapshot holds,
/// what this run copied, and the snapshot file's size and SHA-256, which restore checks before it trusts the file.
/// Written after the snapshot and every blob it references are in place, and replaced atomically, so a folder with a
/// manifest always holds a complete backup (a run that fails leaves the previous one as it was).
/// </summary>
internal sealed record BackupManifest(string Format, DateTimeOffset TakenAt, string ServerVersion, string MetadataFile, long MetadataBytes,
    string MetadataSha256, SnapshotCounts Counts, BlobCopyReport Copy)
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "depot-backup/1";

    public async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        var partial = path + ".partial";
        await using (var file = new FileStream(partial, OwnerOnly.Apply(new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write })))
        {
            await using (var json = new Utf8JsonWriter(file, new JsonWriterOptions
            {
                Indented = true,
                // A file for people and tools, never HTML: '+' in a time or version stays '+'.
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }))
            {
                json.WriteStartObject();
                json.WriteString("format", Format);
                json.WriteString("takenAt", TakenAt.ToString("O", CultureInfo.InvariantCulture));
                json.WriteString("serverVersion", ServerVersion);
                json.WriteStartObject("metadata");
                json.WriteString("file", MetadataFile);
                json.WriteNumber("bytes", MetadataBytes);
                json.WriteString("sha256", MetadataSha256);
                json.WriteEndObject();
                json.WriteStartObject("counts");
                json.WriteNumber("users", Counts.Users);
                json.WriteNumber("files", Counts.Files);
                json.WriteNumber("folders", Counts.Folders);
                json.WriteNumber("versions", Counts.Versions);
                json.WriteNumber("blobs", Counts.Blobs);
                json.WriteNumber("blobBytes", Counts.BlobBytes);
                json.WriteEndObject();
                json.WriteStartObject("thisRun");
                json.WriteNumber("blobsCopied", Copy.Copied);
                json.WriteNumber("bytesCopied", Copy.BytesCopied);
                json.WriteNumber("blobsAlreadyThere", Copy.AlreadyThere);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            file.Flush(flushToDisk: true);
        }

        File.Move(partial, path, overwrite: true);
    }

    /// <summary>The metadata file name and its recorded size and SHA-256, or null when the folder holds no readable manifest.</summary>
    public static async Task<(string File, long Bytes, string Sha256, string TakenAt)?> ReadMetadataAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var file = File.OpenRead(path);
            using var document = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken);
            var root = document.RootElement;
            if (root.GetProperty("format").GetString() != CurrentFormat)
            {
                return null;
            }

            var metadata = root.GetProperty("metadata");
            return (metadata.GetProperty("file").GetString()!, metadata.GetProperty("bytes").GetInt64(),
                metadata.GetProperty("sha256").GetString()!, root.GetProperty("takenAt").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}

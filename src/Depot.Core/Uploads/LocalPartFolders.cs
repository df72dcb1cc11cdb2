using System.Runtime.CompilerServices;
using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// A folder per unfinished upload, <c>&lt;root&gt;/&lt;upload id&gt;/</c>, each a <see cref="LocalBlobStore"/> of that
/// upload's parts (<see cref="EncryptedPartialStore"/>). The folder is made durable when it is created, so a part written
/// into it survives a crash with its name.
/// </summary>
public sealed class LocalPartFolders(string root, StorageOptions options, TimeProvider clock) : IPartFolders
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The raw store of <paramref name="uploadId"/>'s parts, its folder created if need be.</summary>
    public IBlobStore For(string uploadId)
    {
        var folder = FolderOf(uploadId);
        if (!Directory.Exists(folder))
        {
            var rootIsNew = !Directory.Exists(Root);
            OwnerOnly.CreateFolder(folder);
            DirectorySync.Flush(Root);
            if (rootIsNew)
            {
                DirectorySync.Flush(Path.GetDirectoryName(Root)!);
            }
        }

        return new LocalBlobStore(folder, options, clock);
    }

    public Task DeleteAsync(string uploadId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Directory.Delete(FolderOf(uploadId), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never had a part, or deleted before.
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<BlobListing> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Root))
        {
            yield break;
        }

        foreach (var folder in new DirectoryInfo(Root).EnumerateDirectories())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!Ids.IsBlobId(folder.Name))
            {
                continue;
            }

            var latest = folder.LastWriteTimeUtc;
            foreach (var file in folder.EnumerateFiles("*", SearchOption.AllDirectories))
            {
                latest = file.LastWriteTimeUtc > latest ? file.LastWriteTimeUtc : latest;
            }

            yield return new BlobListing(folder.Name, new DateTimeOffset(latest, TimeSpan.Zero));
            await Task.Yield();
        }
    }

    private string FolderOf(string uploadId) => Ids.IsBlobId(uploadId)
        ? Path.Combine(Root, uploadId)
        : throw new ArgumentException($"'{uploadId}' is not an upload id.", nameof(uploadId));
}

using System.IO.Compression;
using Depot.Core.Access;
using Depot.Core.Storage;
using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>
/// Files and folders as one zip, streamed: <see cref="PlanAsync"/> resolves everything in one read (a consistent
/// snapshot of names and versions), then <see cref="WriteAsync"/> copies blob after blob into a zip written forward
/// only, so nothing is buffered whatever the size. Each requested item sits at the top of the zip under its name.
/// </summary>
public sealed class ArchiveService(IFileStore store, IBlobStore blobs, TimeProvider clock, BlobHealth health)
{
    // A bound on one request's list, like a folder page's; a whole tree is one path (its folder).
    public const int MaxPaths = 1000;

    public async Task<Result<IReadOnlyList<ArchiveEntry>>> PlanAsync(Caller caller, IReadOnlyList<DepotPath> paths, CancellationToken cancellationToken)
    {
        if (paths.Count is 0 or > MaxPaths)
        {
            return Result<IReadOnlyList<ArchiveEntry>>.Fail(ErrorCodes.InvalidRequest, $"An archive needs 1 to {MaxPaths} paths.");
        }

        await using var session = await store.ReadAsync(cancellationToken);
        var opened = await FileTree.OpenAsync(session, caller, clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var entries = new List<ArchiveEntry>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in paths)
        {
            var found = await FileTree.FindEntryAsync(session, opened.Value.Root, path, cancellationToken);
            if (!found.IsSuccess)
            {
                return found.Error;
            }

            await AddAsync(session, found.Value, UniqueName(taken, found.Value.Node, path), entries, cancellationToken);
        }

        // A zip never carries content known to be bad: refused before its first byte, naming the first such file.
        return entries.FirstOrDefault(e => e.Version?.DamagedAt is not null) is { } damaged
            ? Result<IReadOnlyList<ArchiveEntry>>.Fail(ErrorCodes.StorageDamaged,
                $"The stored content of '{damaged.Name}' is damaged; the archive cannot be made. The administrator has been told through the server log.")
            : entries;
    }

    public async Task WriteAsync(IReadOnlyList<ArchiveEntry> entries, Stream output, CancellationToken cancellationToken)
    {
        var forward = new DeferredWriteStream(output);
        var zip = await ZipArchive.CreateAsync(forward, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        await using (zip)
        {
            await AddEntriesAsync(zip, entries, cancellationToken);
        }

        await forward.FlushAsync(cancellationToken);
    }

    private async Task AddEntriesAsync(ZipArchive zip, IReadOnlyList<ArchiveEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var item in entries)
        {
            // Stored, not deflated: most large files (photos, video, archives) are compressed already, and the server's
            // CPU should not bound a download.
            var entry = zip.CreateEntry(item.IsFolder ? item.Name + "/" : item.Name, CompressionLevel.NoCompression);
            entry.LastWriteTime = Clamp(item.ModifiedAt);
            if (item.IsFolder)
            {
                continue;
            }

            var version = item.Version!;
            var stored = await blobs.OpenReadAsync(version.BlobId, 0, null, cancellationToken);
            if (stored is null)
            {
                if (!await health.IsReferencedAsync(version.BlobId, cancellationToken))
                {
                    throw new IOException($"The content of '{item.Name}' was purged while the archive was being written.");
                }

                await health.ReportAsync(version.BlobId, BlobDamage.Missing, BlobHealth.ByRead);
                throw new BlobDamagedException(version.BlobId, BlobDamage.Missing);
            }

            // Verified as it is copied: a damaged blob stops the zip (the response is aborted) rather than completing it.
            await using var content = health.Verify(stored.Content, version.BlobId, version.Size, version.Sha256, version.Crc32c);
            await using var target = await entry.OpenAsync(cancellationToken);
            await content.CopyToAsync(target, cancellationToken);
        }
    }

    private static async Task AddAsync(IFileSession session, NodeEntry top, string name, List<ArchiveEntry> entries, CancellationToken cancellationToken)
    {
        if (!top.Node.IsFolder)
        {
            var version = await session.GetVersionAsync(top.Node.CurrentVersionId!, cancellationToken);
            entries.Add(new ArchiveEntry(name, false, version!, top.ModifiedAt));
            return;
        }

        // The subtree comes parents first and includes trashed nodes: a node is in when its parent is in and it is live.
        var versionsById = (await session.GetSubtreeVersionsAsync(top.Node.Id, cancellationToken)).ToDictionary(v => v.Id);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (node, depth) in await session.GetSubtreeAsync(top.Node.Id, cancellationToken))
        {
            var parentName = depth == 0 ? null : names.GetValueOrDefault(node.ParentId!);
            if (depth > 0 && (parentName is null || node.TrashedAt is not null || node.Kind == NodeKind.Mount))
            {
                continue;
            }

            var entryName = depth == 0 ? name : parentName!.Length == 0 ? node.Name : parentName + "/" + node.Name;
            names[node.Id] = entryName;
            if (entryName.Length > 0)
            {
                entries.Add(new ArchiveEntry(entryName, node.IsFolder, node.IsFolder ? null : versionsById[node.CurrentVersionId!],
                    DateTimeOffset.FromUnixTimeMilliseconds(node.ModifiedAt)));
            }
        }
    }

    /// <summary>
    /// The root folder's contents go at the top of the zip (a linked item, "/" to a link's visitor, is one item like any
    /// other); two selected items with one name get "name (2)".
    /// </summary>
    private static string UniqueName(HashSet<string> taken, Node node, DepotPath path)
    {
        if (path.IsRoot && node.ParentId is null)
        {
            return "";
        }

        var name = node.Name;
        var (stem, ext) = node.IsFolder ? (name, "") : (Path.GetFileNameWithoutExtension(name), Path.GetExtension(name));
        for (var i = 2; !taken.Add(name); i++)
        {
            name = $"{stem} ({i}){ext}";
        }

        return name;
    }

    // Zip (DOS) times cover 1980–2107.
    private static DateTimeOffset Clamp(DateTimeOffset time) =>
        time.Year < 1980 ? new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero)
        : time.Year > 2107 ? new DateTimeOffset(2107, 12, 31, 0, 0, 0, TimeSpan.Zero) : time;
}

using Depot.Protocol.Files;

namespace Depot.Cli.Sync;

/// <summary>
/// The three sides of the comparison: what was last in sync, what is local now, what is remote now. All three are keyed
/// by <see cref="SyncNames"/> (NFC, case ignored), so a path looks up the same file whichever side's spelling it has.
/// </summary>
internal sealed record SyncSnapshot(
    IReadOnlyDictionary<string, SyncedEntry> Synced,
    IReadOnlyDictionary<string, LocalEntry> Local,
    IReadOnlyDictionary<string, NodeInfo> Remote,
    string RemoteRoot)
{
    /// <summary>The local file differs from the last-synced one (a new file has no base: not "changed").</summary>
    public bool LocalChanged(string path) =>
        Synced.TryGetValue(path, out var b) && Local.TryGetValue(path, out var l) && l.Sha256 != b.Sha256;

    /// <summary>The server's file is another version than the last-synced one (a new ETag with the same content is not a change).</summary>
    public bool RemoteChanged(string path) =>
        Synced.TryGetValue(path, out var b) && Remote.TryGetValue(path, out var r) && r.ETag != b.ETag && r.Sha256 != b.Sha256;

    /// <summary>The server's spelling of <paramref name="path"/> (relative), or null when the server has no such path.</summary>
    public string? RemoteSpelling(string path) =>
        Remote.TryGetValue(path, out var node) ? RemoteScanner.Relative(RemoteRoot, node.Path) : null;

    /// <summary>
    /// The local relative path of <paramref name="path"/>: the scanned file's own spelling when it exists (which may differ
    /// in case or normalisation), else its name under its parent's local spelling, so nothing lands beside a twin folder.
    /// </summary>
    public string LocalPathOf(string path) =>
        Local.TryGetValue(path, out var local) ? local.Path : LocalTargetOf(RemoteSpelling(path) ?? path);

    /// <summary>Where a file named as <paramref name="path"/>'s last segment goes locally: under its parent's local spelling.</summary>
    public string LocalTargetOf(string path)
    {
        var parent = SyncNames.ParentOf(path);
        var name = SyncNames.NameOf(path);
        return parent.Length == 0 ? name : $"{LocalPathOf(parent)}/{name}";
    }
}

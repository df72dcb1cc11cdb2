using Depot.Protocol.Files;

namespace Depot.Cli.Sync;

/// <summary>The three sides of the comparison: what was last in sync, what is local now, what is remote now.</summary>
internal sealed record SyncSnapshot(
    IReadOnlyDictionary<string, SyncedEntry> Synced,
    IReadOnlyDictionary<string, LocalEntry> Local,
    IReadOnlyDictionary<string, NodeInfo> Remote)
{
    /// <summary>The local file differs from the last-synced one (a new file has no base: not "changed").</summary>
    public bool LocalChanged(string path) =>
        Synced.TryGetValue(path, out var b) && Local.TryGetValue(path, out var l) && l.Sha256 != b.Sha256;

    /// <summary>The server's file is another version than the last-synced one (a new ETag with the same content is not a change).</summary>
    public bool RemoteChanged(string path) =>
        Synced.TryGetValue(path, out var b) && Remote.TryGetValue(path, out var r) && r.ETag != b.ETag && r.Sha256 != b.Sha256;
}

using Depot.Protocol.Files;

namespace Depot.Cli.Sync;

/// <summary>
/// Finds folders renamed or moved on one side, from the state database: a recorded folder A gone from one side while
/// the other side still has it exactly as recorded (every recorded file unchanged, nothing added), and a new folder B on
/// the first side holding the same set of (relative path, SHA-256) and subfolders as A did. That is one folder move on
/// the other side (one <c>POST /moves</c>, or one local rename), not one per file. When the other side touched anything
/// inside A, this does not apply and the files are compared one by one (so an edit there is never lost).
/// </summary>
internal static class FolderMoves
{
    public static void Plan(SyncSnapshot s, List<SyncAction> actions, HashSet<string> handled)
    {
        // Only recorded folders gone from one side can have moved; a pass with none costs nothing here.
        var gone = s.Synced.Values.Where(b => b.IsFolder && (!s.Local.ContainsKey(b.Path) || !s.Remote.ContainsKey(b.Path))).Select(b => b.Path).ToList();
        if (gone.Count == 0)
        {
            return;
        }

        var recorded = Contents(s.Synced.Values.Select(b => (b.Path, b.IsFolder, b.Sha256)), gone);

        // Gone locally, untouched on the server → move on the server.
        var newLocal = s.Local.Values.Where(l => l.IsFolder && !s.Synced.ContainsKey(l.Path) && !s.Remote.ContainsKey(l.Path)).Select(l => l.Path).ToList();
        var localContents = Contents(s.Local.Values.Select(l => (l.Path, l.IsFolder, l.Sha256)), newLocal);
        var goneLocally = recorded.Keys.Where(a => !s.Local.ContainsKey(a) && RemoteAsRecorded(s, a, recorded[a]));
        Pair(goneLocally, recorded, localContents, SyncActionKind.MoveRemote, actions, handled);

        // Gone on the server, untouched locally → move locally.
        var newRemote = s.Remote.Where(r => r.Value.Kind == NodeKinds.Folder && !s.Synced.ContainsKey(r.Key) && !s.Local.ContainsKey(r.Key))
            .Select(r => s.RemoteSpelling(r.Key)!).ToList();
        var remoteContents = Contents(
            s.Remote.Select(r => (s.RemoteSpelling(r.Key)!, r.Value.Kind == NodeKinds.Folder, r.Value.Sha256)), newRemote);
        var goneRemotely = recorded.Keys.Where(a => !s.Remote.ContainsKey(a) && LocalAsRecorded(s, a, recorded[a]));
        Pair(goneRemotely, recorded, remoteContents, SyncActionKind.MoveLocal, actions, handled);
    }

    /// <summary>Each of <paramref name="folders"/> with what is inside it: "relative key\0SHA-256" (folders: no hash), sorted.</summary>
    private static Dictionary<string, List<string>> Contents(IEnumerable<(string Path, bool IsFolder, string? Sha256)> entries, IEnumerable<string> folders)
    {
        var contents = folders.ToDictionary(f => f, _ => new List<string>(), SyncNames.Comparer);
        if (contents.Count == 0)
        {
            return contents;
        }

        foreach (var (path, isFolder, sha256) in entries)
        {
            for (var folder = SyncNames.ParentOf(path); folder.Length > 0; folder = SyncNames.ParentOf(folder))
            {
                if (contents.TryGetValue(folder, out var inside))
                {
                    inside.Add($"{SyncNames.Key(path[(folder.Length + 1)..])}\0{(isFolder ? "" : sha256)}");
                }
            }
        }

        foreach (var inside in contents.Values)
        {
            inside.Sort(StringComparer.Ordinal);
        }

        return contents;
    }

    private static bool RemoteAsRecorded(SyncSnapshot s, string folder, List<string> recorded) =>
        s.Remote.ContainsKey(folder)
        && s.Synced.Values.Where(b => SyncNames.IsUnder(b.Path, folder)).All(b => s.Remote.ContainsKey(b.Path) && !s.RemoteChanged(b.Path))
        && s.Remote.Keys.Count(r => SyncNames.IsUnder(r, folder)) == recorded.Count;

    private static bool LocalAsRecorded(SyncSnapshot s, string folder, List<string> recorded) =>
        s.Local.ContainsKey(folder)
        && s.Synced.Values.Where(b => SyncNames.IsUnder(b.Path, folder)).All(b => s.Local.ContainsKey(b.Path) && !s.LocalChanged(b.Path))
        && s.Local.Keys.Count(l => SyncNames.IsUnder(l, folder)) == recorded.Count;

    /// <summary>
    /// Pairs each vanished folder (outermost first) with a new folder of the same contents; everything under both is then
    /// handled by the one move. An empty folder is left to the per-path rules (any new empty folder would match it).
    /// </summary>
    private static void Pair(
        IEnumerable<string> gone, Dictionary<string, List<string>> recorded, Dictionary<string, List<string>> added, SyncActionKind kind,
        List<SyncAction> actions, HashSet<string> handled)
    {
        var candidates = added.Where(a => a.Value.Count > 0)
            .OrderBy(a => a.Key.Count(c => c == '/')).ThenBy(a => a.Key, StringComparer.Ordinal).ToList();
        foreach (var from in gone.OrderBy(g => g.Count(c => c == '/')).ThenBy(g => g, StringComparer.Ordinal))
        {
            if (recorded[from].Count == 0 || IsHandled(from, handled))
            {
                continue;
            }

            var match = candidates.FirstOrDefault(c => !IsHandled(c.Key, handled) && c.Value.SequenceEqual(recorded[from], StringComparer.Ordinal));
            if (match.Key is null)
            {
                continue;
            }

            actions.Add(new SyncAction(kind, match.Key, from));
            handled.Add(from);
            handled.Add(match.Key);
        }
    }

    /// <summary>The path or a folder above it is already taken care of by a folder move.</summary>
    public static bool IsHandled(string path, HashSet<string> handled)
    {
        for (var at = path; at.Length > 0; at = SyncNames.ParentOf(at))
        {
            if (handled.Contains(at))
            {
                return true;
            }
        }

        return false;
    }
}

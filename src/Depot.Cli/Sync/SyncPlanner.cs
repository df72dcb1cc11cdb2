namespace Depot.Cli.Sync;

/// <summary>
/// The three-way comparison of each path: last-synced base, local, remote. A side "changed" when its content differs
/// from the base. The rules (docs/cli.md): one side changed → it wins; both changed to different content → conflict
/// (the server keeps the name, the local file becomes a conflict copy); an edit beats a delete; a delete of an
/// unchanged file is applied to the other side (the server's copy goes to its trash). A file gone from one path and
/// new at another with the same SHA-256 while the other side is untouched is a move, not a delete plus a transfer; a
/// whole folder moved is one move (<see cref="FolderMoves"/>). Paths are compared the server's way (<see cref="SyncNames"/>):
/// a name that differs only in case from the record is a rename; one that differs only in Unicode form is no change.
/// </summary>
internal static class SyncPlanner
{
    public static SyncPlan Plan(SyncSnapshot s, IEnumerable<string> clashes)
    {
        var actions = new List<SyncAction>();
        var problems = new List<string>(clashes);
        var handled = new HashSet<string>(SyncNames.Comparer);
        var paths = s.Synced.Keys.Concat(s.Local.Keys).Concat(s.Remote.Keys).ToHashSet(SyncNames.Comparer);

        foreach (var path in paths.Where(p => KindMismatch(s, p)))
        {
            problems.Add($"{path}: a file on one side and a folder on the other; left alone");
            handled.Add(path);
        }

        FolderMoves.Plan(s, actions, handled);
        PlanMoves(s, actions, handled);
        foreach (var path in paths.Order(StringComparer.Ordinal).Where(p => !FolderMoves.IsHandled(p, handled)))
        {
            if (PlanRename(s, path) is { } rename)
            {
                actions.Add(rename);
            }
            else if ((IsFolder(s, path) ? PlanFolder(s, path) : PlanFile(s, path)) is { } planned)
            {
                actions.Add(new SyncAction(planned, path));
            }
        }

        return new SyncPlan(actions, problems);
    }

    private static bool IsFolder(SyncSnapshot s, string path) =>
        s.Local.TryGetValue(path, out var l) ? l.IsFolder
        : s.Remote.TryGetValue(path, out var r) ? r.Kind == Protocol.Files.NodeKinds.Folder
        : s.Synced[path].IsFolder;

    private static bool KindMismatch(SyncSnapshot s, string path) =>
        s.Local.TryGetValue(path, out var l) && s.Remote.TryGetValue(path, out var r) && l.IsFolder != (r.Kind == Protocol.Files.NodeKinds.Folder);

    private static SyncActionKind? PlanFile(SyncSnapshot s, string path)
    {
        var hasBase = s.Synced.TryGetValue(path, out var b);
        var hasLocal = s.Local.TryGetValue(path, out var l);
        var hasRemote = s.Remote.TryGetValue(path, out var r);
        if (!hasBase)
        {
            return (hasLocal, hasRemote) switch
            {
                (true, false) => SyncActionKind.Upload,
                (false, true) => SyncActionKind.Download,
                (true, true) => l!.Sha256 == r!.Sha256 ? SyncActionKind.Record : SyncActionKind.Conflict,
                _ => null,
            };
        }

        var localChanged = s.LocalChanged(path);
        var remoteChanged = s.RemoteChanged(path);
        return (hasLocal, hasRemote) switch
        {
            (true, true) when localChanged && remoteChanged => l!.Sha256 == r!.Sha256 ? SyncActionKind.Record : SyncActionKind.Conflict,
            (true, true) when localChanged => SyncActionKind.Upload,
            (true, true) when remoteChanged => SyncActionKind.Download,
            // Same content on both sides; only refresh the record when a time or an ETag moved.
            (true, true) => l!.Mtime != b!.Mtime || r!.ETag != b.ETag ? SyncActionKind.Record : null,
            (true, false) => localChanged ? SyncActionKind.Upload : SyncActionKind.DeleteLocal,
            (false, true) => remoteChanged ? SyncActionKind.Download : SyncActionKind.DeleteRemote,
            _ => SyncActionKind.Forget,
        };
    }

    /// <summary>
    /// A path present on all three sides, its content unchanged on both, whose name is spelled differently (NFC, case
    /// kept) on one side than in the record: a case-only rename, done on the other side. When both sides renamed it
    /// differently, the server's spelling wins (as its version keeps the name in a conflict). Null when nothing to rename.
    /// </summary>
    private static SyncAction? PlanRename(SyncSnapshot s, string path)
    {
        if (!s.Synced.TryGetValue(path, out var b) || !s.Local.TryGetValue(path, out var l) || s.RemoteSpelling(path) is not { } remote
            || KindMismatch(s, path) || s.LocalChanged(path) || s.RemoteChanged(path))
        {
            return null;
        }

        if (b.IsFolder && !Quiet(s, path))
        {
            return null;   // transfers under it first (they address it by its current names); renamed on a later pass
        }

        var recordedName = SyncNames.NameOf(b.Path);
        var localName = SyncNames.Spelling(SyncNames.NameOf(l.Path));
        var remoteName = SyncNames.NameOf(remote);
        if (localName == remoteName)
        {
            // Both sides agree (perhaps both renamed it alike): only the record's spelling may need refreshing.
            return localName == recordedName ? null : new SyncAction(SyncActionKind.Record, remote);
        }

        return localName != recordedName && remoteName == recordedName
            ? new SyncAction(SyncActionKind.MoveRemote, Join(SyncNames.ParentOf(remote), localName), remote)
            : new SyncAction(SyncActionKind.MoveLocal, Join(SyncNames.ParentOf(l.Path), remoteName), l.Path);
    }

    /// <summary>Nothing under <paramref name="folder"/> is new, gone or changed on any side.</summary>
    private static bool Quiet(SyncSnapshot s, string folder) =>
        s.Synced.Keys.Concat(s.Local.Keys).Concat(s.Remote.Keys).Where(p => SyncNames.IsUnder(p, folder))
            .All(p => s.Synced.ContainsKey(p) && s.Local.ContainsKey(p) && s.Remote.ContainsKey(p) && !s.LocalChanged(p) && !s.RemoteChanged(p));

    private static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}/{name}";

    private static SyncActionKind? PlanFolder(SyncSnapshot s, string path) =>
        (s.Synced.ContainsKey(path), s.Local.ContainsKey(path), s.Remote.ContainsKey(path)) switch
        {
            (false, true, false) => SyncActionKind.MkdirRemote,
            (false, false, true) => SyncActionKind.MkdirLocal,
            (false, true, true) => SyncActionKind.Record,
            (true, false, true) => SyncActionKind.DeleteRemoteFolder,
            (true, true, false) => SyncActionKind.DeleteLocalFolder,
            (true, false, false) => SyncActionKind.Forget,
            _ => null,
        };

    /// <summary>Pairs a vanished file with a new one of the same content on the same side, when the other side did not touch it.</summary>
    private static void PlanMoves(SyncSnapshot s, List<SyncAction> actions, HashSet<string> handled)
    {
        var goneLocally = s.Synced.Values
            .Where(b => !b.IsFolder && !FolderMoves.IsHandled(b.Path, handled) && !s.Local.ContainsKey(b.Path) && s.Remote.ContainsKey(b.Path) && !s.RemoteChanged(b.Path))
            .ToLookup(b => b.Sha256);
        var newLocally = s.Local.Values.Where(l => !l.IsFolder && !FolderMoves.IsHandled(l.Path, handled) && !s.Synced.ContainsKey(l.Path) && !s.Remote.ContainsKey(l.Path));
        Pair(goneLocally, newLocally.Select(l => (l.Path, l.Sha256)), SyncActionKind.MoveRemote, actions, handled);

        var goneRemotely = s.Synced.Values
            .Where(b => !b.IsFolder && !FolderMoves.IsHandled(b.Path, handled) && !s.Remote.ContainsKey(b.Path) && s.Local.ContainsKey(b.Path) && !s.LocalChanged(b.Path))
            .ToLookup(b => b.Sha256);
        var newRemotely = s.Remote
            .Where(r => r.Value.Kind == Protocol.Files.NodeKinds.File && !FolderMoves.IsHandled(r.Key, handled) && !s.Synced.ContainsKey(r.Key) && !s.Local.ContainsKey(r.Key))
            .Select(r => (s.RemoteSpelling(r.Key)!, r.Value.Sha256));
        Pair(goneRemotely, newRemotely, SyncActionKind.MoveLocal, actions, handled);
    }

    private static void Pair(
        ILookup<string?, SyncedEntry> gone, IEnumerable<(string Path, string? Sha256)> added, SyncActionKind kind,
        List<SyncAction> actions, HashSet<string> handled)
    {
        var available = gone.ToDictionary(g => g.Key ?? "", g => new Queue<SyncedEntry>(g.OrderBy(e => e.Path, StringComparer.Ordinal)));
        foreach (var (path, sha256) in added.OrderBy(a => a.Path, StringComparer.Ordinal))
        {
            if (sha256 is not null && available.TryGetValue(sha256, out var candidates) && candidates.TryDequeue(out var from))
            {
                actions.Add(new SyncAction(kind, path, from.Path));
                handled.Add(path);
                handled.Add(from.Path);
            }
        }
    }
}

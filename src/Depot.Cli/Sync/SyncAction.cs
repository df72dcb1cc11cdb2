namespace Depot.Cli.Sync;

/// <summary>One planned step; <see cref="From"/> is the old path of a move.</summary>
internal sealed record SyncAction(SyncActionKind Kind, string Path, string? From = null)
{
    /// <summary>The event name in output and <c>--json</c>: "upload", "delete-local", "move-remote"...</summary>
    public string Name => Kind switch
    {
        SyncActionKind.MkdirRemote => "mkdir-remote",
        SyncActionKind.MkdirLocal => "mkdir-local",
        SyncActionKind.MoveRemote => "move-remote",
        SyncActionKind.MoveLocal => "move-local",
        SyncActionKind.Upload => "upload",
        SyncActionKind.Download => "download",
        SyncActionKind.Conflict => "conflict",
        SyncActionKind.DeleteRemote or SyncActionKind.DeleteRemoteFolder => "delete-remote",
        SyncActionKind.DeleteLocal or SyncActionKind.DeleteLocalFolder => "delete-local",
        SyncActionKind.Record => "record",
        _ => "forget",
    };
}

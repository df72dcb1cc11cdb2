namespace Depot.Cli.Sync;

/// <summary>What sync does to one path, in the order the executor runs them (folders first, deletions last).</summary>
internal enum SyncActionKind
{
    MkdirRemote,
    MkdirLocal,
    MoveRemote,
    MoveLocal,
    Upload,
    Download,
    Conflict,
    DeleteRemote,
    DeleteLocal,
    DeleteRemoteFolder,
    DeleteLocalFolder,
    Record,
    Forget,
}

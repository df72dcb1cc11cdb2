using Depot.Cli.Transfers;
using Depot.Client;

namespace Depot.Cli.Sync;

/// <summary>
/// What every step of a sync pass works with: both roots, the client, the state store, the output, the clock, and the
/// uploader that sends large files resumably across passes.
/// </summary>
internal sealed record SyncContext(
    DepotClient Client, string LocalRoot, string RemoteRoot, StateStore State, IgnoreRules Ignore, SyncOutput Output, TimeProvider Time, string Host, int Jobs,
    ResumableUploader Uploader)
{
    public string LocalPath(string path) => LocalScanner.Full(LocalRoot, path);

    public string RemotePath(string path) => RemoteScanner.Absolute(RemoteRoot, path);
}

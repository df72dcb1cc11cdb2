namespace Depot.Core.Storage;

/// <summary>
/// What the installation holds, as an operator plans capacity from it: distinct contents (<see cref="BlobBytes"/>, what
/// the store really keeps) beside what users are charged, split into current files, older versions and trash.
/// </summary>
public sealed record StorageUsage(
    long Blobs,
    long BlobBytes,
    long Users,
    long ChargedBytes,
    long LiveFiles,
    long TrashedFiles,
    long CurrentBytes,
    long VersionBytes,
    long TrashBytes);

using Microsoft.Extensions.Logging;

namespace Depot.Core.Files;

/// <summary>Log messages of files, storage and maintenance: event ids 2000–2099.</summary>
internal static partial class FilesLog
{
    [LoggerMessage(2000, LogLevel.Warning, "Could not delete blob {BlobId}; orphan collection will retry")]
    public static partial void BlobDeleteFailed(ILogger logger, string blobId, Exception exception);

    [LoggerMessage(2001, LogLevel.Debug, "Stored {Path} for user {UserId}: {Size} bytes, version {VersionId}")]
    public static partial void UploadCommitted(ILogger logger, string userId, string path, long size, string versionId);

    [LoggerMessage(2002, LogLevel.Information, "Upload to {Path} for user {UserId} refused after streaming: {Code}")]
    public static partial void UploadRefused(ILogger logger, string userId, string path, string code);

    [LoggerMessage(2003, LogLevel.Information,
        "Maintenance: purged {Trash} trash items, pruned {Versions} versions, deleted {Blobs} unreferenced blobs and {Orphans} orphans")]
    public static partial void MaintenanceDone(ILogger logger, int trash, int versions, int blobs, int orphans);

    [LoggerMessage(2004, LogLevel.Error, "Maintenance run failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Logging;

namespace Depot.Core.Uploads;

/// <summary>Log messages of resumable uploads: event ids 2100–2199.</summary>
internal static partial class UploadsLog
{
    [LoggerMessage(2100, LogLevel.Debug, "Upload {UploadId} created for user {UserId}: {Path}, {Length} bytes")]
    public static partial void Created(ILogger logger, string uploadId, string userId, string path, long? length);

    [LoggerMessage(2101, LogLevel.Information, "Upload {UploadId}: the connection broke after {Bytes} bytes of a chunk; {Kept} kept")]
    public static partial void ChunkBroken(ILogger logger, string uploadId, long bytes, long kept);

    [LoggerMessage(2102, LogLevel.Information, "Upload {UploadId}: chunk discarded, its {Algorithm} checksum did not match")]
    public static partial void ChecksumMismatch(ILogger logger, string uploadId, string algorithm);

    [LoggerMessage(2103, LogLevel.Information, "Upload {UploadId} to {Path} was refused at commit: {Code}")]
    public static partial void CommitRefused(ILogger logger, string uploadId, string path, string code);

    [LoggerMessage(2104, LogLevel.Warning, "Upload {UploadId} lost its lock while writing; the chunk was abandoned")]
    public static partial void LockLost(ILogger logger, string uploadId);

    [LoggerMessage(2105, LogLevel.Information, "Uploads cleanup: removed {Expired} expired uploads and {Orphans} orphan partial files")]
    public static partial void Cleaned(ILogger logger, int expired, int orphans);

    [LoggerMessage(2106, LogLevel.Warning, "Could not delete the partial file of upload {UploadId}; cleanup will retry")]
    public static partial void PartialDeleteFailed(ILogger logger, string uploadId, Exception exception);
}

using Microsoft.Extensions.Logging;

namespace Depot.Core.Storage;

/// <summary>Log messages of blob integrity: event ids 2200–2219.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(2200, LogLevel.Error,
        "Blob {BlobId} is damaged ({Damage}), found by a {DetectedBy}; it is marked and refused until a scrub finds it good again")]
    public static partial void BlobDamaged(ILogger logger, string blobId, string damage, string detectedBy);

    [LoggerMessage(2201, LogLevel.Warning, "Could not mark blob {BlobId} damaged in the metadata store")]
    public static partial void MarkFailed(ILogger logger, string blobId, Exception exception);

    [LoggerMessage(2202, LogLevel.Warning, "Blob {BlobId} was marked damaged and is good again; the mark is cleared")]
    public static partial void BlobRecovered(ILogger logger, string blobId);

    [LoggerMessage(2203, LogLevel.Information,
        "Scrub started: at most {BytesPerSecond} bytes/s")]
    public static partial void ScrubStarted(ILogger logger, long bytesPerSecond);

    [LoggerMessage(2204, LogLevel.Information,
        "Scrub completed: {Checked} blobs ({Bytes} bytes) checked, {Damaged} damaged or missing, {Recovered} good again, in {Seconds:F1} s")]
    public static partial void ScrubCompleted(ILogger logger, long @checked, long bytes, int damaged, int recovered, double seconds);

    [LoggerMessage(2205, LogLevel.Warning, "Scrub stopped before it completed")]
    public static partial void ScrubStopped(ILogger logger, Exception exception);
}

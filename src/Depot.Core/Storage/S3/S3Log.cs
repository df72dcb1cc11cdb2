using Microsoft.Extensions.Logging;

namespace Depot.Core.Storage.S3;

/// <summary>Log messages of the S3 blob store: event ids 2220–2229.</summary>
internal static partial class S3Log
{
    [LoggerMessage(2220, LogLevel.Warning,
        "Could not abort the multipart upload of {Key} ({Reason}); its parts stay until the bucket's lifecycle rule for incomplete uploads removes them")]
    public static partial void AbortFailed(ILogger logger, string key, string reason);
}

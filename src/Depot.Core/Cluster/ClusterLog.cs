using Microsoft.Extensions.Logging;

namespace Depot.Core.Cluster;

/// <summary>Log messages of the cluster signal: event ids 2230–2239.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(2230, LogLevel.Information, "Cluster signal: listening on channel {Channel}")]
    public static partial void Listening(ILogger logger, string channel);

    [LoggerMessage(2231, LogLevel.Warning, "Cluster signal: the listening connection failed ({Reason}); caches bypassed, reconnecting in {Delay}")]
    public static partial void Lost(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(2232, LogLevel.Warning, "Cluster signal: ignored a payload this version does not know on channel {Channel}")]
    public static partial void UnknownPayload(ILogger logger, string channel);

    [LoggerMessage(2233, LogLevel.Warning, "Cluster signal: could not announce {Payload} to the other nodes ({Reason}); their caches may keep it up to 30 s")]
    public static partial void PublishFailed(ILogger logger, string payload, string reason);

    [LoggerMessage(2234, LogLevel.Warning, "Cluster signal: could not send {Count} notifications to the other nodes ({Reason}); their long polls see the changes when their wait ends")]
    public static partial void NotifyFailed(ILogger logger, int count, string reason);
}

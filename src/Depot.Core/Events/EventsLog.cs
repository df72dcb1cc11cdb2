using Microsoft.Extensions.Logging;

namespace Depot.Core.Events;

/// <summary>Log messages of the audit log: event ids 3000–3099.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(3000, LogLevel.Error,
        "Could not write audit event {Action} by {Actor} from {Address} on owner {OwnerId} node {NodeId} {Path} {Details}; it is recorded only here")]
    public static partial void AuditWriteFailed(ILogger logger, string action, string actor, string address, string ownerId, string nodeId,
        string path, string details, Exception exception);

    [LoggerMessage(3001, LogLevel.Information, "Audit retention deleted {Count} events older than {Retention}")]
    public static partial void RetentionApplied(ILogger logger, int count, TimeSpan retention);
}

namespace Depot.Server.Observability;

/// <summary>Log messages of request logging and health: event ids 1100–1199.</summary>
internal static partial class ObservabilityLog
{
    // Path only (decoded, link tokens taken out), never the query string, headers or body: a URL someone pasted may carry
    // a secret even though our API never puts one there. "-" for no user, no client address or no error code, as in the
    // common log format. The request id is in the scope the host opens for every request.
    [LoggerMessage(1100, LogLevel.Information, "{Client} {User} \"{Method} {Path} {Protocol}\" -> {StatusCode} {ErrorCode}, {ResponseBytes} bytes in {ElapsedMs:0.0} ms")]
    public static partial void RequestFinished(ILogger logger, string client, string user, string method, string path, string protocol, int statusCode,
        string errorCode, long responseBytes, double elapsedMs);

    // The status is what the app had decided when the client went away: a 201 means the upload was stored all the same.
    [LoggerMessage(1101, LogLevel.Information, "{Client} {User} \"{Method} {Path} {Protocol}\" -> {StatusCode} {ErrorCode}, not delivered: the client went away after {ElapsedMs:0.0} ms")]
    public static partial void RequestAborted(ILogger logger, string client, string user, string method, string path, string protocol, int statusCode,
        string errorCode, double elapsedMs);

    // One line, no stack trace: a malformed or stalled body is the client's doing, not a defect to investigate.
    [LoggerMessage(1102, LogLevel.Information, "{Method} {Path} refused with {StatusCode}: {Reason}")]
    public static partial void ClientMistake(ILogger logger, string method, string path, int statusCode, string reason);

    // Warning, not error: the operator must free space, but nothing is broken and the server recovers by itself.
    [LoggerMessage(1103, LogLevel.Warning, "{Method} {Path} refused with 507: the data folder's disk is full")]
    public static partial void StorageFull(ILogger logger, string method, string path);

    // Information: two writers raced and the metadata store refused one (a deadlock's victim, a unique key taken a moment
    // earlier); the client gets a clear answer and nothing half-written exists.
    [LoggerMessage(1109, LogLevel.Information, "{Method} {Path} refused with {StatusCode}: lost a race with another write ({Code})")]
    public static partial void WriteRace(ILogger logger, string method, string path, int statusCode, string code);

    // Warning, no stack trace: the store is down or refusing (the operator's to fix), not a defect in Depot.
    [LoggerMessage(1110, LogLevel.Warning, "{Method} {Path} refused with 503: the file store is unavailable ({Cause})")]
    public static partial void StorageUnavailable(ILogger logger, string method, string path, string cause);

    // Warning, no stack trace: the metadata database is behind its load (the operator's to size), not a defect in Depot.
    [LoggerMessage(1112, LogLevel.Warning, "{Method} {Path} refused with 503: the metadata database is busy ({Cause})")]
    public static partial void DatabaseBusy(ILogger logger, string method, string path, string cause);

    // Warning: the storage gauges go stale (their measured time says so) until a later round succeeds.
    [LoggerMessage(1111, LogLevel.Warning, "Measuring storage usage for /metrics failed; the next round tries again")]
    public static partial void StorageUsageFailed(ILogger logger, Exception exception);

    // Warning, not error: the damage itself was logged as an error once, where it was found (event 2200).
    [LoggerMessage(1104, LogLevel.Warning, "{Method} {Path}: blob {BlobId} is damaged; the response was {Outcome}")]
    public static partial void DamagedResponse(ILogger logger, string method, string path, string blobId, string outcome);
}

using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Storage;
using Depot.Protocol;

namespace Depot.Server.Api;

/// <summary>
/// An exception that is not a bug: the client's mistake (a malformed chunked or multipart body, a body that stalled),
/// the machine's state (a full disk) or a race with another writer that the metadata store settled by refusing this
/// one. Each has its status and stable code; anything else is a 500 and a bug.
/// </summary>
internal sealed record KnownFault(
    int Status, string Code, string Detail, bool ClientMistake, int? RetryAfterSeconds = null, bool Race = false, bool StoreDown = false,
    bool DatabaseBusy = false)
{
    // 5 s: the blob store client has already retried with back-off for a second or two; sooner would only add load to a
    // store that is restarting, much later would hold back clients after a short outage.
    private const int StoreRetryAfterSeconds = 5;

    public static KnownFault? Classify(Exception exception) => exception switch
    {
        // Kestrel's own verdicts: 400 malformed chunked framing or an early end, 408 a body arriving too slowly
        // (MinRequestBodyDataRate), 413 over the body limit. The status is the exception's.
        BadHttpRequestException bad => new(bad.StatusCode, CodeFor(bad.StatusCode), bad.Message, ClientMistake: true),
        // Multipart parsing (drop-box forms): a bad boundary, an oversized header, a body that ends mid-part.
        InvalidDataException bad => new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest,
            $"The request body is malformed: {bad.Message}", ClientMistake: true),
        // The blob store (S3) failed after its retries: nothing was stored, so never a 2xx; the client retries later.
        StorageUnavailableException down => new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.StorageUnavailable,
            "The file store cannot be reached; nothing was stored or sent. Retry later.", ClientMistake: false,
            RetryAfterSeconds: StoreRetryAfterSeconds, StoreDown: true) { Cause = down.Message },
        // The file was purged (a version pruned, the trash emptied) between its lookup and the first byte read.
        ContentGoneException gone => new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, gone.Message, ClientMistake: false, Race: true),
        _ when OutOfSpace.Is(exception) => new(StatusCodes.Status507InsufficientStorage, ErrorCodes.InsufficientStorage,
            "The server is out of disk space; nothing was stored. Retry later.", ClientMistake: false),
        // PostgreSQL rolled the whole transaction back (a deadlock's victim): nothing was written; the same request
        // again will find the other writer gone.
        _ when DatabaseFaults.IsTransient(exception) => new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.WriteConflict,
            "Another write to the same items got in the way and nothing was changed. Retry the request.", ClientMistake: false,
            RetryAfterSeconds: 1, Race: true),
        // Every pooled PostgreSQL connection stayed busy past the pool's timeout (or a statement past its own): the
        // database is behind its load. Nothing of this request was committed.
        _ when DatabaseFaults.IsBusy(exception) => new(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServerBusy,
            "The metadata database is busy; nothing was changed. Retry shortly.", ClientMistake: false,
            RetryAfterSeconds: 1, DatabaseBusy: true) { Cause = exception.Message },
        // The backstop where no write scope covers a unique key: the other writer won, as it would have one step earlier.
        _ when DatabaseFaults.IsUniqueViolation(exception) => new(StatusCodes.Status409Conflict, ErrorCodes.AlreadyExists,
            "Another request created the same item at the same moment; nothing was changed.", ClientMistake: false, Race: true),
        _ => null,
    };

    /// <summary>What failed, for the log line (never sent to the client).</summary>
    public string? Cause { get; init; }

    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status408RequestTimeout => ErrorCodes.RequestTimeout,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
        StatusCodes.Status507InsufficientStorage => ErrorCodes.InsufficientStorage,
        _ => ErrorCodes.InvalidRequest,
    };
}

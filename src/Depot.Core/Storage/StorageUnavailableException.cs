namespace Depot.Core.Storage;

/// <summary>
/// The blob store could not be reached or kept failing after its retries (S3 answering 5xx, timeouts, refused or reset
/// connections, a missing bucket or refused credentials): nothing was stored or read. Not a bug and not the client's
/// mistake; the server answers 503 <c>storage_unavailable</c> with <c>Retry-After</c>.
/// </summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : IOException(message, inner);

namespace Depot.Client.Http;

/// <summary>Whether a request may be sent again after it might have reached the server.</summary>
internal enum RequestKind
{
    /// <summary>GET, HEAD, DELETE, PUT of a replayable body: retried on 429/502/503/504 and network errors.</summary>
    Idempotent,

    /// <summary>POST and friends: retried only when the connection could not even be opened, so nothing was sent.</summary>
    NotIdempotent,
}

using Depot.Protocol;
using Depot.Server.Api;

namespace Depot.Server.Dav;

/// <summary>
/// The WebDAV column of the error table: where RFC 4918 answers a core error differently from REST; everything
/// else is <see cref="ErrorStatusMap"/>'s status. One place, so every DAV method answers the same code the same way.
/// </summary>
internal static class DavStatusMap
{
    private static readonly Dictionary<string, int> Statuses = new(StringComparer.Ordinal)
    {
        // §9.8.5/§9.9.4: an existing destination without Overwrite is 412 (MKCOL has its own row below).
        [ErrorCodes.AlreadyExists] = StatusCodes.Status412PreconditionFailed,
        // §9.8.5: copying or moving onto itself or into itself, and the root, are forbidden.
        [ErrorCodes.MoveIntoSelf] = StatusCodes.Status403Forbidden,
        [ErrorCodes.RootImmutable] = StatusCodes.Status403Forbidden,
        // §9.7.2: PUT to an existing collection.
        [ErrorCodes.NotAFile] = StatusCodes.Status405MethodNotAllowed,
        // §9.10.6: UNLOCK with a token that does not lock the request-URI (with the lock-token-matches-request-uri precondition).
        [ErrorCodes.LockNotFound] = StatusCodes.Status409Conflict,
        // §9.8.5/§9.9.4: a Destination on another server is 502 Bad Gateway.
        [ErrorCodes.ForeignDestination] = StatusCodes.Status502BadGateway,
    };

    public static int StatusFor(string code, string method) =>
        (method, code) switch
        {
            // §9.3.1: MKCOL where something exists is 405 Method Not Allowed.
            ("MKCOL", ErrorCodes.AlreadyExists) => StatusCodes.Status405MethodNotAllowed,
            _ => Statuses.TryGetValue(code, out var status) ? status : ErrorStatusMap.StatusFor(code),
        };

    public static IReadOnlyDictionary<string, int> Overrides => Statuses;
}

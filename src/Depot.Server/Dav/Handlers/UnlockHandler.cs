using Depot.Core.Locks;
using Depot.Protocol;

namespace Depot.Server.Dav.Handlers;

/// <summary>
/// UNLOCK (RFC 4918 §9.11): 204; 400 without a Lock-Token; 403 for someone else's lock (§9.11.1); 409 when the token
/// does not lock the request-URI.
/// </summary>
internal static class UnlockHandler
{
    public static async Task<IResult> HandleAsync(DavRequest request)
    {
        if (DavHeaders.LockToken(request.Request) is not { } token)
        {
            return DavResults.Status(StatusCodes.Status400BadRequest);
        }

        var unlocked = await request.Get<LockService>().UnlockAsync(request.Caller, request.Path, token, request.Aborted);
        return unlocked.IsSuccess ? DavResults.NoContent()
            : unlocked.Error.Code == ErrorCodes.LockNotFound ? DavResults.Precondition(StatusCodes.Status409Conflict, "lock-token-matches-request-uri")
            : DavResults.Error(unlocked.Error, request.Method);
    }
}

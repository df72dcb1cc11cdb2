using Depot.Core;
using Depot.Core.Files;
using Depot.Core.Locks;
using Depot.Protocol;

namespace Depot.Server.Dav.Locks;

/// <summary>
/// WebDAV's own check before every write (PUT, DELETE, MKCOL, PROPPATCH, COPY, MOVE, LOCK): the <c>If</c> header must
/// parse (else 400) and hold (else 412), RFC 4918 §10.4. Its tokens travel with the caller
/// (<see cref="Depot.Core.Access.Caller.LockTokens"/>); whether a lock keeps the write out is the core's rule, decided
/// in the write's own transaction, and answered 423 with <c>lock-token-submitted</c> by <see cref="DavResults.Error"/>.
/// </summary>
internal static class DavWriteGuard
{
    /// <summary>Null when the write may go ahead; otherwise the answer to send.</summary>
    public static async Task<IResult?> CheckAsync(DavRequest request)
    {
        var header = ParseIf(request);
        if (header is { IsSuccess: false })
        {
            return DavResults.Error(header.Value.Error, request.Method);
        }

        return header?.Value is { } conditions && !await HoldsAsync(request, conditions)
            ? DavResults.Error(new DepotError(ErrorCodes.PreconditionFailed, "The If header's conditions do not hold."), request.Method)
            : null;
    }

    /// <summary>
    /// The core's lock rule asked ahead of a write that is not one transaction (a dead-property patch; a COPY or MOVE
    /// that trashes what is at the destination first), so a refusal changes nothing. Null when no lock is in the way.
    /// </summary>
    public static async Task<IResult?> LockedAsync(DavRequest request, params IReadOnlyList<LockTarget> targets)
    {
        var check = await request.Get<LockService>().CheckAsync(request.Caller, targets, request.Aborted);
        return check.IsSuccess ? null : DavResults.Error(check.Error, request.Method);
    }

    /// <summary>The tokens of the If header, for a lock refresh; null when absent or malformed.</summary>
    public static IReadOnlyCollection<string>? SubmittedTokens(DavRequest request) =>
        ParseIf(request) is { IsSuccess: true, Value: { } header } ? header.SubmittedTokens : null;

    /// <summary>Whether any list of the header holds (RFC 4918 §10.4.3), given each resource's ETag and locks.</summary>
    public static async Task<bool> HoldsAsync(DavRequest request, IfHeader header)
    {
        var states = new Dictionary<string, (string? ETag, IReadOnlySet<string> Tokens)?>(StringComparer.Ordinal);
        foreach (var list in header.Lists)
        {
            var key = list.Resource ?? "";
            if (!states.TryGetValue(key, out var state))
            {
                states[key] = state = await StateAsync(request, list.Resource);
            }

            if (state is { } s && list.Conditions.All(c => c.Not != Matches(c, s.ETag, s.Tokens)))
            {
                return true;
            }
        }

        return false;
    }

    private static Result<IfHeader>? ParseIf(DavRequest request)
    {
        if (!request.Request.Headers.TryGetValue("If", out var values))
        {
            return null;
        }

        // Several If lines are one header (RFC 9110 §5.3); lists are joined by whitespace, not commas.
        return IfHeader.Parse(string.Join(' ', values.ToArray())) is { } parsed
            ? parsed
            : Result<IfHeader>.Fail(ErrorCodes.InvalidRequest, "The If header is malformed (RFC 4918 §10.4).");
    }

    private static async Task<(string? ETag, IReadOnlySet<string> Tokens)?> StateAsync(DavRequest request, string? resource)
    {
        var path = resource is null ? Result<DepotPath>.Ok(request.Path) : DavHref.Parse(request.Request, resource);
        if (!path.IsSuccess)
        {
            return null;   // another server, or not a URL of ours: the list cannot hold
        }

        var entry = await request.Get<FileService>().GetAsync(request.Caller, path.Value, request.Aborted);
        var tokens = await request.Get<LockService>().TokensAsync(request.Caller, path.Value, request.Aborted);
        return (entry.IsSuccess ? entry.Value.Node.ETag : null, tokens);
    }

    private static bool Matches(IfCondition condition, string? etag, IReadOnlySet<string> tokens) =>
        condition.Token is { } token ? tokens.Contains(token)
        : etag is not null && Strip(condition.ETag!) == Strip(etag);

    private static string Strip(string etag) => etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag;
}

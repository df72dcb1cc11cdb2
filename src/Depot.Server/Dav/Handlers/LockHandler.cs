using System.Text;
using System.Xml.Linq;
using Depot.Core;
using Depot.Core.Files;
using Depot.Core.Locks;
using Depot.Protocol;
using Depot.Server.Dav.Locks;
using Depot.Server.Dav.Xml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Depot.Server.Dav.Handlers;

/// <summary>
/// LOCK (RFC 4918 §9.10): a new exclusive or shared write lock (depth 0 or infinity), or, without a body, a refresh
/// of the lock whose token the If header submits. Locking an unmapped URL creates an empty file (§7.3), 201.
/// </summary>
internal static class LockHandler
{
    public static async Task<IResult> HandleAsync(DavRequest request)
    {
        var body = await DavXml.ReadAsync(request.Request, request.Aborted);
        var depth = DavHeaders.Depth(request.Request, absent: DavHeaders.Infinity);
        if (!body.IsSuccess || depth is null or 1)
        {
            return DavResults.Error(body.Error ?? new(ErrorCodes.InvalidRequest, "LOCK takes Depth 0 or infinity."), request.Method);
        }

        var locks = request.Get<LockService>();
        var timeout = DavHeaders.Timeout(request.Request);
        if (body.Value is null)
        {
            var tokens = DavWriteGuard.SubmittedTokens(request);
            var refreshed = tokens is null
                ? Result<LockView>.Fail(ErrorCodes.PreconditionFailed, "A lock refresh needs the lock token in an If header.")
                : await locks.RefreshAsync(request.Caller, request.Path, tokens, timeout, request.Aborted);
            return refreshed.IsSuccess ? Answer(request, refreshed.Value, StatusCodes.Status200OK) : DavResults.Error(refreshed.Error, request.Method);
        }

        var info = LockInfo.From(body.Value);
        if (!info.IsSuccess)
        {
            return DavResults.Error(info.Error, request.Method);
        }

        var files = request.Get<FileService>();
        var existing = await files.GetAsync(request.Caller, request.Path, request.Aborted);
        if (await DavWriteGuard.CheckAsync(request) is { } refused)
        {
            return refused;
        }

        var infinite = depth == DavHeaders.Infinity && existing is { IsSuccess: true, Value.Node.IsFolder: true };
        var locked = await locks.LockAsync(request.Caller, request.Path, new LockRequest(info.Value.Exclusive, infinite, info.Value.OwnerXml, timeout), request.Aborted);
        if (!locked.IsSuccess)
        {
            return locked.Error.Code == ErrorCodes.Locked
                ? DavResults.Precondition(StatusCodes.Status423Locked, "no-conflicting-lock")
                : DavResults.Error(locked.Error, request.Method);
        }

        if (!existing.IsSuccess)
        {
            // The empty file is written under the new lock, whose token this request holds (§7.3).
            var holder = request.Caller with { LockTokens = [.. request.Caller.LockTokens, locked.Value.Token] };
            var created = await files.UploadAsync(holder, request.Path, Stream.Null, new UploadRequest(Length: 0), request.Aborted);
            if (!created.IsSuccess)
            {
                await locks.UnlockAsync(request.Caller, request.Path, locked.Value.Token, request.Aborted);
                return DavResults.Error(created.Error, request.Method);
            }
        }

        request.Response.Headers["Lock-Token"] = $"<{locked.Value.Token}>";
        return Answer(request, locked.Value, existing.IsSuccess ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private static ContentHttpResult Answer(DavRequest request, LockView lockView, int status)
    {
        var now = request.Get<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds();
        var prop = new XElement(DavXml.D + "prop", new XAttribute(XNamespace.Xmlns + "D", DavXml.Namespace),
            new XElement(LiveProperties.LockDiscovery, LiveProperties.ActiveLock(lockView, now)));
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + prop.ToString(SaveOptions.DisableFormatting);
        return TypedResults.Text(xml, "application/xml; charset=utf-8", Encoding.UTF8, status);
    }
}

using System.Text;
using Depot.Core;
using Depot.Core.Accounts;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Core.Files.Properties;
using Depot.Core.Locks;
using Depot.Server.Dav.Xml;

namespace Depot.Server.Dav.Handlers;

/// <summary>
/// PROPFIND (RFC 4918 §9.1) at Depth 0 or 1. Depth infinity is refused with 403 and the <c>propfind-finite-depth</c>
/// precondition (§9.1.1 allows it): one request must not walk a whole tree. Depth 1 pages through the folder with
/// the listing's keyset cursor and writes each page as it comes, reading the next one meanwhile.
/// </summary>
internal static class PropfindHandler
{
    // 1000: the listing's largest page, so a 10,000-entry folder takes ten queries and ten flushes.
    private const int PageSize = ListRequest.MaxLimit;

    public static async Task<IResult> HandleAsync(DavRequest request)
    {
        var depth = DavHeaders.Depth(request.Request, absent: DavHeaders.Infinity);
        if (depth is null)
        {
            return DavResults.Status(StatusCodes.Status400BadRequest);
        }

        if (depth == DavHeaders.Infinity)
        {
            return DavResults.Precondition(StatusCodes.Status403Forbidden, "propfind-finite-depth");
        }

        var body = await DavXml.ReadAsync(request.Request, request.Aborted);
        var propfind = body.IsSuccess ? PropfindRequest.From(body.Value) : body.Error!;
        var target = propfind.IsSuccess ? await request.Get<FileService>().GetAsync(request.Caller, request.Path, request.Aborted) : propfind.Error!;
        if (!target.IsSuccess)
        {
            return DavResults.Error(target.Error, request.Method);
        }

        var context = await ContextAsync(request, propfind.Value);
        await using (var writer = MultiStatusWriter.Start(request.Response))
        {
            var href = DavHref.For(target.Value.Path, target.Value.Node.IsFolder);
            await WriteAsync(request, writer, propfind.Value, [target.Value], context, entry => writer.BeginResponse(href));
            if (depth == 1 && target.Value.Node.IsFolder)
            {
                await WriteChildrenAsync(request, writer, propfind.Value, context, Encoding.UTF8.GetBytes(href));
            }
        }

        return Results.Empty;
    }

    private static async Task WriteChildrenAsync(
        DavRequest request, MultiStatusWriter writer, PropfindRequest propfind, ResourceContext context, byte[] folderHref)
    {
        var checksums = propfind.Names.Contains(LiveProperties.Checksums);   // SHA-1 and MD5 are read only to be shown
        var next = ReadPageAsync(request, checksums, cursor: null);
        try
        {
            while (next is not null)
            {
                var page = await next;
                next = null;
                if (!page.IsSuccess)
                {
                    return;   // deleted while it was being listed: what was written stands
                }

                // The next page is read while this one is written: the listing's query and the writing of the XML then run
                // side by side (on PostgreSQL, on both sides of the connection) instead of in turn.
                if (page.Value.NextCursor is { } cursor)
                {
                    next = ReadPageAsync(request, checksums, cursor);
                }

                // Every member's URL is the folder's (escaped once) and its own name, escaped as it is written.
                await WriteAsync(request, writer, propfind, page.Value.Items, context,
                    entry => writer.BeginResponse(folderHref, entry.Name, entry.Node.IsFolder));
                await writer.FlushAsync();
                context.Locks?.Forget(page.Value.Items);
            }
        }
        finally
        {
            if (next is not null)
            {
                // Writing failed (the client went away): the page being read is not needed, but it is waited for, so
                // nothing of this request still reads after it ended. Its own outcome does not matter then.
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    // On a thread of its own (SQLite reads on the caller's thread) and as a flow of its own: it holds its connection beside
    // the ones the page before takes for its locks and properties, never while waiting for one of them (ConnectionUse).
    private static Task<Result<FolderPage>> ReadPageAsync(DavRequest request, bool checksums, string? cursor) => Task.Run(async () =>
    {
        using var fork = ConnectionUse.Fork();
        return await request.Get<FolderService>().ListAsync(
            request.Caller, request.Path, new ListRequest(Limit: PageSize, Cursor: cursor, Checksums: checksums), request.Aborted);
    });

    private static async Task WriteAsync(
        DavRequest request, MultiStatusWriter writer, PropfindRequest propfind, IReadOnlyList<NodeEntry> entries, ResourceContext context,
        Action<NodeEntry> begin)
    {
        if (context.Locks is { } locks)
        {
            await locks.LoadAsync(entries, request.Aborted);
        }

        var dead = NeedsDead(propfind)
            ? await request.Get<PropertyService>().GetAsync(request.Caller, [.. entries.Select(e => e.Node.Id)], request.Aborted)
            : null;
        foreach (var entry in entries)
        {
            begin(entry);
            PropStats.Write(writer, propfind, entry, dead?.GetValueOrDefault(entry.Node.Id) ?? [], context);
            await writer.EndResponseAsync();
        }
    }

    private static bool NeedsDead(PropfindRequest propfind) =>
        propfind.Kind != PropfindKind.Prop || propfind.Names.Any(n => !LiveProperties.IsLive(n));

    private static async Task<ResourceContext> ContextAsync(DavRequest request, PropfindRequest propfind)
    {
        // Locks are looked up only for a lockdiscovery someone asked for (allprop includes it).
        var locks = propfind.Kind == PropfindKind.AllProp || propfind.Names.Contains(LiveProperties.LockDiscovery)
            ? request.Get<LockService>().Discover(request.Caller)
            : null;
        (long?, long)? quota = null;
        if (propfind.Names.Any(n => n == LiveProperties.QuotaAvailable || n == LiveProperties.QuotaUsed)
            && await request.Get<AccountService>().GetSelfAsync(request.Caller, request.Aborted) is { IsSuccess: true } self)
        {
            quota = (self.Value.QuotaBytes, self.Value.UsedBytes);
        }

        return new ResourceContext(locks, quota, request.Get<TimeProvider>().GetUtcNow().ToUnixTimeMilliseconds());
    }
}

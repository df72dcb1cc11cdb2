using System.Text;
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
            await WriteAsync(request, writer, [target.Value], await DeadAsync(request, propfind.Value, [target.Value]), propfind.Value, context,
                entry => writer.BeginResponse(href));
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
        var next = ReadPageAsync(request, propfind, checksums, previous: null);
        try
        {
            while (next is not null)
            {
                var page = await next;
                next = null;
                if (page is null)
                {
                    return;   // deleted since the request found it: what was written stands
                }

                // The next page is read while this one is written: the listing's queries and the writing of the XML then
                // run side by side (on PostgreSQL, on both sides of the connection) instead of in turn.
                if (page.Listed.NextCursor is not null)
                {
                    next = ReadPageAsync(request, propfind, checksums, page.Listed);
                }

                // Every member's URL is the folder's (escaped once) and its own name, escaped as it is written.
                await WriteAsync(request, writer, page.Listed.Items, page.Dead, propfind, context,
                    entry => writer.BeginResponse(folderHref, entry.Name, entry.Node.IsFolder));
                await writer.FlushAsync();
                context.Locks?.Forget(page.Listed.Items);
            }
        }
        finally
        {
            if (next is not null)
            {
                // Writing failed (the client went away): the page being read is not needed, but it is waited for, so
                // nothing of this request still reads after it ended. Its own outcome does not matter then.
                await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    // On a thread of its own (SQLite reads on the caller's thread) and as a flow of its own: it holds one connection at a
    // time beside the ones of the page before, never while waiting for another (ConnectionUse). Null: the folder is gone.
    // Only the first page walks the path: the rest list the folder it found (FolderService.ListNextAsync).
    private static Task<Page?> ReadPageAsync(DavRequest request, PropfindRequest propfind, bool checksums, FolderPage? previous) => Task.Run(async () =>
    {
        using var fork = ConnectionUse.Fork();
        var folders = request.Get<FolderService>();
        var list = new ListRequest(Limit: PageSize, Cursor: previous?.NextCursor, Checksums: checksums);
        var page = previous is null
            ? await folders.ListAsync(request.Caller, request.Path, list, request.Aborted)
            : await folders.ListNextAsync(previous, list, request.Aborted);
        return page.IsSuccess ? new Page(page.Value, await DeadAsync(request, propfind, page.Value.Items)) : null;
    });

    // The dead properties of entries, when the request shows any (allprop, or a name that is not a live property).
    private static async Task<IReadOnlyDictionary<string, IReadOnlyList<DeadProperty>>?> DeadAsync(
        DavRequest request, PropfindRequest propfind, IReadOnlyList<NodeEntry> entries) =>
        NeedsDead(propfind)
            ? await request.Get<PropertyService>().GetAsync(request.Caller, [.. entries.Select(e => e.Node.Id)], request.Aborted)
            : null;

    private static async Task WriteAsync(
        DavRequest request, MultiStatusWriter writer, IReadOnlyList<NodeEntry> entries, IReadOnlyDictionary<string, IReadOnlyList<DeadProperty>>? dead,
        PropfindRequest propfind, ResourceContext context, Action<NodeEntry> begin)
    {
        if (context.Locks is { } locks)
        {
            await locks.LoadAsync(entries, request.Aborted);
        }

        foreach (var entry in entries)
        {
            begin(entry);
            PropStats.Write(writer, propfind, entry, dead?.GetValueOrDefault(entry.Node.Id) ?? [], context);
            await writer.EndResponseAsync();
        }
    }

    /// <summary>A page of a folder's members with their dead properties (null: none asked for).</summary>
    private sealed record Page(FolderPage Listed, IReadOnlyDictionary<string, IReadOnlyList<DeadProperty>>? Dead);

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

using System.Security.Claims;
using System.Text.Json;
using Depot.Core.Changes;
using Depot.Protocol;
using Depot.Protocol.Changes;
using Depot.Server.Auth;
using Depot.Server.Hosting;

namespace Depot.Server.Api;

/// <summary>
/// <c>/api/v1/changes</c>: the caller's change feed. A page after a cursor (<c>?cursor=&amp;limit=</c>), a long poll when
/// there is nothing yet (<c>&amp;wait=</c> seconds), or a stream (<c>Accept: text/event-stream</c>). Without a cursor, the
/// current one: where a client that has just listed its tree starts.
/// </summary>
internal static class ChangesEndpoints
{
    // A comment line this often keeps proxies from closing an idle stream (HAProxy's and nginx's default idle timeouts
    // are 30 s and 60 s) and shows the client the connection is alive.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapChanges(this IEndpointRouteBuilder api)
    {
        var changes = api.MapGroup("/changes").WithTags("Changes").RequireAuthorization();
        changes.MapGet("", GetAsync).WithName("GetChanges");
    }

    private static async Task<IResult> GetAsync(
        HttpContext context, ClaimsPrincipal user, ChangeFeed feed, string? cursor, int? limit, int? wait, CancellationToken cancellationToken)
    {
        var caller = user.ToCaller();
        var drain = context.RequestServices.GetService<DrainState>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drain?.Draining ?? CancellationToken.None);
        if (context.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase)))
        {
            var from = cursor ?? context.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? await feed.CurrentAsync(caller, cancellationToken);
            return await StreamAsync(context, feed, caller, from, limit ?? ChangeFeed.DefaultLimit, stop.Token);
        }

        if (cursor is null)
        {
            return TypedResults.Ok(new ChangesPage([], await feed.CurrentAsync(caller, cancellationToken), false));
        }

        var page = await feed.ReadAsync(caller, cursor, limit ?? ChangeFeed.DefaultLimit, TimeSpan.FromSeconds(wait ?? 0), stop.Token);
        return page.IsSuccess ? TypedResults.Ok(ToPage(page.Value)) : page.Error.ToProblem();
    }

    /// <summary>
    /// Server-sent events: each change as <c>event: change</c> with <c>id:</c> its cursor (so a reconnecting client's
    /// <c>Last-Event-ID</c> resumes after it), a comment as heartbeat while nothing happens. A bad cursor is a problem
    /// document before the stream starts; the stream ends when the client goes or the node drains.
    /// </summary>
    private static async Task<IResult> StreamAsync(
        HttpContext context, ChangeFeed feed, Core.Access.Caller caller, string cursor, int limit, CancellationToken stop)
    {
        var first = await feed.ReadAsync(caller, cursor, limit, TimeSpan.Zero, stop);
        if (!first.IsSuccess)
        {
            return first.Error.ToProblem();
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";   // nginx: pass events on as they come
        await response.StartAsync(stop);
        var page = first.Value;
        try
        {
            while (true)
            {
                foreach (var change in page.Changes)
                {
                    await response.WriteAsync(
                        $"id: {change.Cursor}\nevent: change\ndata: {JsonSerializer.Serialize(ToInfo(change), DepotJsonContext.Default.ChangeInfo)}\n\n", stop);
                }

                if (page.Changes.Count == 0)
                {
                    await response.WriteAsync(": heartbeat\n\n", stop);
                }

                await response.Body.FlushAsync(stop);
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                var next = await feed.ReadAsync(caller, page.Cursor, limit, page.HasMore ? TimeSpan.Zero : Heartbeat, stop);
                if (!next.IsSuccess)
                {
                    // Trimmed away while streaming: say so in the stream, where the client is listening.
                    await response.WriteAsync($"event: error\ndata: {JsonSerializer.Serialize(next.Error.Code)}\n\n", stop);
                    break;
                }

                page = next.Value;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client went away, or this node drains: the stream simply ends; the client reconnects with Last-Event-ID.
        }

        return Results.Empty;
    }

    private static ChangesPage ToPage(ChangePage page) => new([.. page.Changes.Select(ToInfo)], page.Cursor, page.HasMore);

    private static ChangeInfo ToInfo(ChangeEntry e) => new(
        e.Cursor, e.Kind, e.Path, e.OldPath, e.NodeId, FileMappings.KindOf(new Core.Files.Node { Kind = e.NodeKind }), e.Size, e.ETag,
        DateTimeOffset.FromUnixTimeMilliseconds(e.At));
}

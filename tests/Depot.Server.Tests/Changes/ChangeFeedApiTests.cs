using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Changes;
using Depot.Protocol.Files;
using Depot.Protocol.Sharing;
using Depot.Server.Tests.Sharing;
using Depot.Testing;
using static Depot.Server.Tests.Sharing.SharingApi;

namespace Depot.Server.Tests.Changes;

/// <summary>
/// <c>GET /api/v1/changes</c> over sockets: every kind of change once and in order, paging, long polls woken by a write
/// on another connection, server-sent events with <c>Last-Event-ID</c>, shares reaching the users who mounted them, and
/// nobody reading (or learning about) another user's feed.
/// </summary>
public sealed class ChangeFeedApiTests(CheckedDepotServer server) : IClassFixture<CheckedDepotServer>
{
    // Generous for a loaded 2-core machine; a woken long poll answers in milliseconds.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Every_kind_of_change_appears_exactly_once_in_order()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        var start = await alice.Http.CursorAsync();

        await alice.Http.MkdirAsync("/docs");
        await alice.Http.PutFileAsync("/docs/a.txt", "one");
        await alice.Http.PutFileAsync("/docs/a.txt", "two!");
        await AssertStatusAsync(await alice.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest("/docs/a.txt", "/docs/b.txt"),
            DepotJsonContext.Default.MoveRequest), HttpStatusCode.OK);
        await AssertStatusAsync(await alice.Http.DeleteAsync("/api/v1/files/docs/b.txt"), HttpStatusCode.NoContent);
        var trashed = (await alice.Http.GetFromJsonAsync("/api/v1/trash", DepotJsonContext.Default.TrashListing))!.Items.Single();
        await AssertStatusAsync(await alice.Http.PostAsync($"/api/v1/trash/{trashed.Id}/restore", null), HttpStatusCode.OK);
        var share = await alice.Http.ShareOkAsync("/docs", bob.Username, Roles.Viewer);
        await AssertStatusAsync(await alice.Http.DeleteAsync($"/api/v1/shares/{share.Id}"), HttpStatusCode.NoContent);
        await AssertStatusAsync(await alice.Http.DeleteAsync("/api/v1/files/docs/b.txt"), HttpStatusCode.NoContent);
        await AssertStatusAsync(await alice.Http.DeleteAsync($"/api/v1/trash/{trashed.Id}"), HttpStatusCode.NoContent);

        var changes = await alice.Http.AllChangesAsync(start);
        Assert.Equal(
            [
                ("created", "/docs", (string?)null), ("created", "/docs/a.txt", null), ("modified", "/docs/a.txt", null),
                ("moved", "/docs/b.txt", "/docs/a.txt"), ("trashed", "/docs/b.txt", null), ("restored", "/docs/b.txt", null),
                ("shared", "/docs", null), ("unshared", "/docs", null), ("trashed", "/docs/b.txt", null), ("purged", "/docs/b.txt", null),
            ],
            changes.Select(c => (c.Kind, c.Path, c.OldPath)));
        Assert.Equal(changes.Count, changes.Select(c => c.Cursor).Distinct().Count());
        var modified = changes[2];
        Assert.Equal((NodeKinds.File, 4L), (modified.NodeKind, modified.Size));
        Assert.StartsWith("\"", modified.ETag, StringComparison.Ordinal);
        Assert.Equal(NodeKinds.Folder, changes[0].NodeKind);

        // Bob was granted and lost a share but mounted nothing: nothing of alice's tree is in his feed.
        Assert.Empty(await bob.Http.AllChangesAsync(ChangeCursorOf(await bob.Http.CursorAsync(), 0)));
    }

    [Fact]
    public async Task Pages_carry_the_next_cursor_and_whether_more_are_waiting()
    {
        using var alice = await server.CreateUserAsync();
        var cursor = await alice.Http.CursorAsync();
        for (var i = 0; i < 5; i++)
        {
            await alice.Http.MkdirAsync($"/f{i}");
        }

        var first = await alice.Http.ChangesAsync(cursor, limit: 2);
        var second = await alice.Http.ChangesAsync(first.Cursor, limit: 2);
        var third = await alice.Http.ChangesAsync(second.Cursor, limit: 2);
        Assert.Equal((2, true), (first.Changes.Count, first.HasMore));
        Assert.Equal((2, true), (second.Changes.Count, second.HasMore));
        Assert.Equal((1, false), (third.Changes.Count, third.HasMore));
        Assert.Equal(["/f0", "/f1", "/f2", "/f3", "/f4"], first.Changes.Concat(second.Changes).Concat(third.Changes).Select(c => c.Path));
        Assert.Equal(third.Cursor, await alice.Http.CursorAsync());

        // Asking again with an old cursor gives the same answer: a retried request neither skips nor repeats.
        Assert.Equal(second.Changes.Select(c => c.Cursor), (await alice.Http.ChangesAsync(first.Cursor, limit: 2)).Changes.Select(c => c.Cursor));
        var empty = await alice.Http.ChangesAsync(third.Cursor);
        Assert.Equal((0, false, third.Cursor), (empty.Changes.Count, empty.HasMore, empty.Cursor));
    }

    [Fact]
    public async Task A_long_poll_is_woken_by_a_write_on_another_connection()
    {
        using var alice = await server.CreateUserAsync();
        using var other = server.CreateHttpClient(alice.Token);
        var cursor = await alice.Http.CursorAsync();

        var clock = Stopwatch.StartNew();
        var poll = alice.Http.ChangesAsync(cursor, wait: 30);
        await Task.Delay(300);
        Assert.False(poll.IsCompleted, "the poll answered before anything changed");
        await other.PutFileAsync("/late.txt", "x");
        var page = await poll.WaitAsync(Bound);

        Assert.Equal("/late.txt", Assert.Single(page.Changes).Path);
        Assert.True(clock.Elapsed < Bound, $"woken after {clock.Elapsed}");
    }

    [Fact]
    public async Task A_long_poll_with_nothing_new_answers_an_empty_page_when_its_wait_is_up()
    {
        using var alice = await server.CreateUserAsync();
        var cursor = await alice.Http.CursorAsync();
        var clock = Stopwatch.StartNew();
        var page = await alice.Http.ChangesAsync(cursor, wait: 1).WaitAsync(Bound);
        Assert.Empty(page.Changes);
        Assert.Equal(cursor, page.Cursor);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(900), Bound);
    }

    [Fact]
    public async Task Server_sent_events_stream_changes_and_resume_after_the_last_event_id()
    {
        using var alice = await server.CreateUserAsync();
        using var writer = server.CreateHttpClient(alice.Token);
        var cursor = await alice.Http.CursorAsync();

        string firstId;
        using (var timeout = new CancellationTokenSource(Bound))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/changes?cursor={cursor}");
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await alice.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var events = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            await writer.PutFileAsync("/one.txt", "1");
            var first = await NextEventAsync(events, timeout.Token);
            Assert.Equal("change", first.Event);
            Assert.Equal("/one.txt", first.Change.Path);
            Assert.Equal(first.Id, first.Change.Cursor);
            firstId = first.Id;
        }

        await writer.PutFileAsync("/two.txt", "2");
        using (var timeout = new CancellationTokenSource(Bound))
        {
            // A reconnecting EventSource sends Last-Event-ID: the stream goes on right after it.
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/changes");
            request.Headers.Accept.ParseAdd("text/event-stream");
            request.Headers.Add("Last-Event-ID", firstId);
            using var response = await alice.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            using var events = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
            Assert.Equal("/two.txt", (await NextEventAsync(events, timeout.Token)).Change.Path);
        }
    }

    [Fact]
    public async Task A_bad_or_foreign_cursor_or_wait_is_a_clear_problem_and_reveals_nothing()
    {
        using var alice = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        await alice.Http.PutFileAsync("/private.txt", "p");
        var alices = await alice.Http.CursorAsync();

        await AssertProblemAsync(await bob.Http.GetAsync($"/api/v1/changes?cursor={alices}"), HttpStatusCode.BadRequest, ErrorCodes.InvalidCursor);
        await AssertProblemAsync(await bob.Http.GetAsync("/api/v1/changes?cursor=garbage"), HttpStatusCode.BadRequest, ErrorCodes.InvalidCursor);
        await AssertProblemAsync(await alice.Http.GetAsync($"/api/v1/changes?cursor={alices}&wait=61"), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await AssertProblemAsync(await alice.Http.GetAsync($"/api/v1/changes?cursor={alices}&limit=0"), HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        using var sse = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/changes?cursor={alices}");
        sse.Headers.Accept.ParseAdd("text/event-stream");
        await AssertProblemAsync(await bob.Http.SendAsync(sse), HttpStatusCode.BadRequest, ErrorCodes.InvalidCursor);
        using var anonymous = server.CreateHttpClient();
        await AssertStatusAsync(await anonymous.GetAsync("/api/v1/changes"), HttpStatusCode.Unauthorized);

        // Bob's own feed from its very start holds none of alice's changes.
        Assert.Empty(await bob.Http.AllChangesAsync(ChangeCursorOf(await bob.Http.CursorAsync(), 0)));
    }

    [Fact]
    public async Task A_change_in_a_shared_folder_reaches_whoever_mounted_it_while_the_share_lasts()
    {
        using var owner = await server.CreateUserAsync();
        using var bob = await server.CreateUserAsync();
        using var carol = await server.CreateUserAsync();
        await owner.Http.MkdirAsync("/team");
        await owner.Http.MkdirAsync("/private");
        var share = await ShareAndMountAsync(owner, "/team", bob, Roles.Editor, "t");
        var bobs = await bob.Http.CursorAsync();
        var carols = await carol.Http.CursorAsync();
        var owners = await owner.Http.CursorAsync();

        await owner.Http.PutFileAsync("/team/x.txt", "x");
        await bob.Http.PutFileAsync("/t/y.txt", "y");
        await owner.Http.PutFileAsync("/private/z.txt", "z");
        await AssertStatusAsync(await owner.Http.PostAsJsonAsync("/api/v1/moves", new MoveRequest("/team/x.txt", "/private/x.txt"),
            DepotJsonContext.Default.MoveRequest), HttpStatusCode.OK);
        await AssertStatusAsync(await owner.Http.DeleteAsync($"/api/v1/shares/{share.Id}"), HttpStatusCode.NoContent);
        await owner.Http.PutFileAsync("/team/after.txt", "a");

        Assert.Equal(
            [("created", "/t/x.txt"), ("created", "/t/y.txt"), ("removed", "/t/x.txt"), ("unshared", "/t")],
            (await bob.Http.AllChangesAsync(bobs)).Select(c => (c.Kind, c.Path)));
        Assert.Equal(
            [("created", "/team/x.txt"), ("created", "/team/y.txt"), ("created", "/private/z.txt"), ("moved", "/private/x.txt"),
                ("unshared", "/team"), ("created", "/team/after.txt")],
            (await owner.Http.AllChangesAsync(owners)).Select(c => (c.Kind, c.Path)));
        Assert.Empty(await carol.Http.AllChangesAsync(carols));
    }

    private static string ChangeCursorOf(string cursor, long seq) => $"{seq}{cursor[cursor.IndexOf('-')..]}";

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertStatusAsync(response, status, code);
    }

    private static async Task<(string Id, string Event, ChangeInfo Change)> NextEventAsync(StreamReader events, CancellationToken cancellationToken)
    {
        string? id = null, kind = null;
        while (await events.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                kind = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && id is not null && kind is not null)
            {
                return (id, kind, System.Text.Json.JsonSerializer.Deserialize(line[6..], DepotJsonContext.Default.ChangeInfo)!);
            }
        }

        throw new EndOfStreamException("The event stream ended.");
    }
}

using Dapper;
using Depot.Core.Access;
using Depot.Core.Cluster;
using Depot.Core.Data;
using Depot.Core.Files;
using Depot.Protocol;

namespace Depot.Core.Changes;

/// <summary>
/// Reads a user's change feed (rows written by <see cref="ChangeRecorder"/>) and waits for the next change: a wait is
/// woken by the <see cref="ChangeNotice"/> the writer's commit announces on whichever node it ran (PostgreSQL
/// <c>NOTIFY</c> through <see cref="ClusterSignal"/>, or in-process for SQLite). Every read is the caller's own feed:
/// nobody can read another user's changes, whatever cursor they pass.
/// </summary>
public sealed class ChangeFeed
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;

    /// <summary>The longest long poll: under the usual proxy idle timeouts (HAProxy's deploy/ default is longer).</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    // While the listening connection is down a notice can be missed: waiters then read again this often.
    private static readonly TimeSpan DeafPoll = TimeSpan.FromSeconds(1);

    private readonly IDatabase _database;
    private readonly ClusterSignal _signal;
    private readonly ChangeOptions _options;
    private readonly TimeProvider _clock;
    private readonly ChangeWaiters _waiters = new();

    public ChangeFeed(IDatabase database, ClusterSignal signal, ChangeOptions options, TimeProvider clock)
    {
        _database = database;
        _signal = signal;
        _options = options;
        _clock = clock;
        signal.SubscribeChanges(_waiters.Notify, _waiters.NotifyAll);
    }

    /// <summary>The caller's current cursor: where a client that has just listed everything starts.</summary>
    public async Task<string> CurrentAsync(Caller caller, CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        var last = await db.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT last_seq FROM change_cursors WHERE user_id = @UserId", new { caller.UserId }, cancellationToken: cancellationToken));
        return ChangeCursor.Encode(caller.UserId, last ?? 0);
    }

    /// <summary>
    /// The changes after <paramref name="cursor"/>, at most <paramref name="limit"/>; when there are none, waits up to
    /// <paramref name="wait"/> for one. Cancelling <paramref name="cancellationToken"/> ends the wait early with an empty page.
    /// </summary>
    public async Task<Result<ChangePage>> ReadAsync(
        Caller caller, string cursor, int limit, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Result<ChangePage>.Fail(ErrorCodes.InvalidRequest, $"limit must be between 1 and {MaxLimit}.");
        }

        if (wait < TimeSpan.Zero || wait > MaxWait)
        {
            return Result<ChangePage>.Fail(ErrorCodes.InvalidRequest, $"wait must be between 0 and {MaxWait.TotalSeconds:0} seconds.");
        }

        var after = ChangeCursor.Decode(caller.UserId, cursor);
        if (!after.IsSuccess)
        {
            return after.Error;
        }

        var deadline = _clock.GetUtcNow() + wait;
        while (true)
        {
            // Armed before the read: a commit announced between the read and the wait still wakes this one.
            var woken = _waiters.Arm(caller.UserId);
            var page = await ReadPageAsync(caller.UserId, after.Value, limit, cancellationToken);
            var left = deadline - _clock.GetUtcNow();
            if (!page.IsSuccess || page.Value.Changes.Count > 0 || left <= TimeSpan.Zero || cancellationToken.IsCancellationRequested)
            {
                return page;
            }

            try
            {
                await woken.WaitAsync(_signal.Listening ? left : Min(left, DeafPoll), _clock, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Read once more: the deadline passed, or a deaf listener's poll interval did.
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return page;   // the client left or the node drains: what was read (nothing new) is the answer
            }
        }
    }

    /// <summary>
    /// Retention: deletes changes older than <see cref="ChangeOptions.Retention"/> and remembers, per user, the last seq
    /// deleted, so a cursor before it answers <c>cursor_expired</c> instead of silently skipping what was deleted.
    /// Returns the number of rows deleted.
    /// </summary>
    public async Task<int> TrimAsync(CancellationToken cancellationToken)
    {
        var before = (_clock.GetUtcNow() - _options.Retention).ToUnixTimeMilliseconds();
        await using var db = await _database.OpenAsync(cancellationToken);
        await using var tx = await _database.BeginWriteAsync(db, [], cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "UPDATE change_cursors SET trimmed_seq = (SELECT MAX(c.seq) FROM changes c WHERE c.user_id = change_cursors.user_id AND c.at < @before) " +
            "WHERE EXISTS (SELECT 1 FROM changes c WHERE c.user_id = change_cursors.user_id AND c.at < @before)",
            new { before }, tx, cancellationToken: cancellationToken));
        var deleted = await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM changes WHERE at < @before", new { before }, tx, cancellationToken: cancellationToken));
        await tx.CommitAsync(cancellationToken);
        return deleted;
    }

    private async Task<Result<ChangePage>> ReadPageAsync(string userId, long after, int limit, CancellationToken cancellationToken)
    {
        await using var db = await _database.OpenAsync(cancellationToken);
        var counter = await db.QuerySingleOrDefaultAsync<(long Last, long Trimmed)?>(new CommandDefinition(
            "SELECT last_seq, trimmed_seq FROM change_cursors WHERE user_id = @userId", new { userId }, cancellationToken: cancellationToken));
        var (last, trimmed) = counter ?? (0, 0);
        if (after > last)
        {
            return Result<ChangePage>.Fail(ErrorCodes.InvalidCursor, "The cursor is ahead of this feed; start again without a cursor.");
        }

        if (after < trimmed)
        {
            return Result<ChangePage>.Fail(ErrorCodes.CursorExpired,
                "The changes after this cursor are no longer kept; list the tree again and continue from a new cursor.");
        }

        var items = new List<ChangeEntry>(Math.Min(limit, 64));
        await using (var row = await db.ExecuteReaderAsync(new CommandDefinition(
            "SELECT seq, kind, path, old_path, node_id, node_kind, size, etag, at FROM changes " +
            "WHERE user_id = @userId AND seq > @after ORDER BY seq LIMIT @take",
            new { userId, after, take = limit + 1 }, cancellationToken: cancellationToken)))
        {
            while (await row.ReadAsync(cancellationToken))
            {
                items.Add(new ChangeEntry(
                    ChangeCursor.Encode(userId, row.GetInt64(0)), row.GetString(1), row.GetString(2), row.IsDBNull(3) ? null : row.GetString(3),
                    row.GetString(4), (NodeKind)row.GetInt64(5), row.IsDBNull(6) ? null : row.GetInt64(6), row.IsDBNull(7) ? null : row.GetString(7),
                    row.GetInt64(8)));
            }
        }

        var more = items.Count > limit;
        if (more)
        {
            items.RemoveAt(limit);
        }

        return new ChangePage(items, items.Count > 0 ? items[^1].Cursor : ChangeCursor.Encode(userId, after), more);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

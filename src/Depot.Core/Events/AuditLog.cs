using System.Data.Common;
using System.Globalization;
using Depot.Core.Access;
using Depot.Protocol;
using Microsoft.Extensions.Logging;

namespace Depot.Core.Events;

/// <summary>
/// The audit log: who did what to which item, when, from which address. Core services record right after their
/// operation commits; owners read the events on their items and accounts, admins read everything.
/// <para>
/// Failure policy: recording <b>fails open</b>. The operation has already committed when its event is written, so
/// failing the request would make the client retry something that happened (or believe it did not); instead the
/// event goes to the server log in full (it never holds secrets) as an error, so the trail has no silent gap.
/// A write that cannot reach the database would, in practice, have failed the operation itself a moment earlier.
/// </para>
/// </summary>
public sealed class AuditLog(IAuditStore store, AuditOptions options, TimeProvider clock, ILogger<AuditLog> logger)
{
    // 1000 rows per delete: each retention batch holds the write lock for milliseconds.
    private const int RetentionBatch = 1000;

    private readonly Lock _order = new();
    private string _lastId = "";

    /// <summary>Records <paramref name="action"/> (one of <see cref="AuditActions"/>) by the signed-in <paramref name="caller"/>.</summary>
    public Task RecordAsync(Caller caller, string action, AuditTarget target, params (string Key, string? Value)[] details) =>
        RecordAsync(AuditActor.From(caller), action, target, details);

    /// <summary>
    /// Records one event. Deliberately not cancellable: once an operation has committed, its event is written even when
    /// the client has gone, or disconnecting right after a delete would leave no trace. Never throws for store failures
    /// (see the class remarks); throws <see cref="ArgumentException"/> for an unknown action or a detail key naming a secret.
    /// </summary>
    public async Task RecordAsync(AuditActor actor, string action, AuditTarget target, params (string Key, string? Value)[] details)
    {
        if (!AuditActions.All.Contains(action))
        {
            throw new ArgumentException($"'{action}' is not an audit action; add it to AuditActions.", nameof(action));
        }

        var now = clock.GetUtcNow();
        var entry = new AuditEvent(NextId(now), now, action, actor.UserId, actor.Username, actor.Address,
            target.OwnerId, null, target.NodeId, target.Path, AuditDetails.Build(details));
        try
        {
            await store.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or IOException or TimeoutException or InvalidOperationException)
        {
            EventsLog.AuditWriteFailed(logger, entry.Action, entry.ActorName ?? "(anonymous)", entry.Address ?? "", entry.OwnerId ?? "",
                entry.NodeId ?? "", entry.Path ?? "", AuditDetails.ToJson(entry.Details), e);
        }
    }

    /// <summary>A page of the events <paramref name="caller"/> may read, newest first.</summary>
    public async Task<Result<AuditPage>> QueryAsync(Caller caller, AuditQuery query, CancellationToken cancellationToken)
    {
        var filter = Validate(query);
        if (!filter.IsSuccess)
        {
            return filter.Error;
        }

        var after = AuditCursor.Decode(query.Cursor);
        if (query.Cursor is not null && after is null)
        {
            return new DepotError(ErrorCodes.InvalidRequest, "The cursor is not valid.");
        }

        var rows = await store.QueryAsync(filter.Value, caller.IsAdmin ? null : caller.UserId, after, query.Limit + 1, cancellationToken);
        var items = rows.Take(query.Limit).ToList();
        return new AuditPage(items, rows.Count > query.Limit ? AuditCursor.Encode(items[^1]) : null);
    }

    /// <summary>Deletes events older than <see cref="AuditOptions.Retention"/>, in batches; returns how many.</summary>
    public async Task<int> ApplyRetentionAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Retention;
        var total = 0;
        int deleted;
        do
        {
            deleted = await store.DeleteBeforeAsync(before, RetentionBatch, cancellationToken);
            total += deleted;
        }
        while (deleted == RetentionBatch);

        if (total > 0)
        {
            EventsLog.RetentionApplied(logger, total, options.Retention);
        }

        return total;
    }

    /// <summary>
    /// A GUIDv7 for <paramref name="now"/> (its first 12 hex digits are the millisecond), made strictly increasing within
    /// one millisecond on this node, so events recorded one after another list in that order (ids break ties of <c>at</c>).
    /// </summary>
    private string NextId(DateTimeOffset now)
    {
        var id = Guid.CreateVersion7(now).ToString("N");
        lock (_order)
        {
            if (_lastId.Length == 32 && string.CompareOrdinal(id, _lastId) <= 0 && id.AsSpan(0, 12).SequenceEqual(_lastId.AsSpan(0, 12)))
            {
                var tail = ulong.Parse(_lastId.AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) + 1;
                id = string.Concat(_lastId.AsSpan(0, 16), tail.ToString("x16", CultureInfo.InvariantCulture));
            }

            _lastId = id;
            return id;
        }
    }

    private static Result<AuditFilter> Validate(AuditQuery query)
    {
        if (query.Limit is < 1 or > AuditQuery.MaxLimit)
        {
            return new DepotError(ErrorCodes.InvalidRequest, $"limit must be between 1 and {AuditQuery.MaxLimit}.");
        }

        if (query.From is { } from && query.To is { } to && from > to)
        {
            return new DepotError(ErrorCodes.InvalidRequest, "'from' must not be after 'to'.");
        }

        var family = query.Action is { } wildcard && wildcard.EndsWith(".*", StringComparison.Ordinal) ? wildcard[..^2] : null;
        if (query.Action is not null && (family is null ? !AuditActions.All.Contains(query.Action) : !AuditActions.Families.Contains(family)))
        {
            return new DepotError(ErrorCodes.InvalidRequest,
                $"'{query.Action}' is not an audit action; use a name like 'auth.sign_in' or a family like 'group.*'.");
        }

        return new AuditFilter(query.From?.ToUnixTimeMilliseconds(), query.To?.ToUnixTimeMilliseconds(), family is null ? query.Action : null, family);
    }
}

using System.Text;
using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Events;

/// <summary>Audit events in portable SQL over <see cref="IDatabase"/>. Rows are only ever inserted, and deleted by retention.</summary>
public sealed class SqlAuditStore(IDatabase database) : IAuditStore
{
    private const string Columns =
        "e.id, e.at, e.action, e.actor_id AS actorid, e.actor_name AS actorname, e.address, e.target_owner_id AS ownerid, " +
        "u.username AS ownername, e.target_node_id AS nodeid, e.target_path AS path, e.details";

    public async Task AppendAsync(AuditEvent entry, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO audit_events (id, at, action, actor_id, actor_name, address, target_owner_id, target_node_id, target_path, details)
            VALUES (@Id, @at, @Action, @ActorId, @ActorName, @Address, @OwnerId, @NodeId, @Path, @details)
            """,
            new { entry.Id, at = entry.At.ToUnixTimeMilliseconds(), entry.Action, entry.ActorId, entry.ActorName, entry.Address,
                entry.OwnerId, entry.NodeId, entry.Path, details = entry.Details.Count == 0 ? null : AuditDetails.ToJson(entry.Details) },
            cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AuditEvent>> QueryAsync(
        AuditFilter filter, string? viewerId, (long At, string Id)? after, int limit, CancellationToken cancellationToken)
    {
        // Each condition is a fixed fragment with bound parameters; only their presence varies.
        var sql = new StringBuilder($"SELECT {Columns} FROM audit_events e LEFT JOIN users u ON u.id = e.target_owner_id WHERE 1 = 1");
        Append(sql, filter.From is not null, " AND e.at >= @From");
        Append(sql, filter.To is not null, " AND e.at < @To");
        Append(sql, filter.Action is not null, " AND e.action = @Action");
        Append(sql, filter.Family is not null, " AND e.action LIKE @familyPattern");
        // SQLite answers the OR from the (target_owner_id, at) and (actor_id, at) indexes; one user's events are few.
        Append(sql, viewerId is not null, " AND (e.target_owner_id = @viewerId OR e.actor_id = @viewerId)");
        Append(sql, after is not null, " AND (e.at < @afterAt OR (e.at = @afterAt AND e.id < @afterId))");
        sql.Append(" ORDER BY e.at DESC, e.id DESC LIMIT @limit");

        await using var db = await database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<Row>(new CommandDefinition(sql.ToString(),
            new { filter.From, filter.To, filter.Action, familyPattern = filter.Family + ".%", viewerId, afterAt = after?.At,
                afterId = after?.Id, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    public async Task<int> DeleteBeforeAsync(DateTimeOffset before, int batch, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events WHERE at < @before ORDER BY at LIMIT @batch)",
            new { before = before.ToUnixTimeMilliseconds(), batch }, cancellationToken: cancellationToken));
    }

    private static void Append(StringBuilder sql, bool condition, string fragment)
    {
        if (condition)
        {
            sql.Append(fragment);
        }
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public long At { get; set; }
        public string Action { get; set; } = "";
        public string? ActorId { get; set; }
        public string? ActorName { get; set; }
        public string? Address { get; set; }
        public string? OwnerId { get; set; }
        public string? OwnerName { get; set; }
        public string? NodeId { get; set; }
        public string? Path { get; set; }
        public string? Details { get; set; }

        public AuditEvent ToEvent() => new(Id, DateTimeOffset.FromUnixTimeMilliseconds(At), Action, ActorId, ActorName, Address, OwnerId,
            OwnerName, NodeId, Path, AuditDetails.FromJson(Details));
    }
}

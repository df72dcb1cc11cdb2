using System.Data.Common;
using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Groups;

/// <summary>Groups and memberships in portable SQL over <see cref="IDatabase"/>.</summary>
public sealed class SqlGroupStore(IDatabase database) : IGroupStore
{
    private const string Select =
        "SELECT g.id, g.name, g.created_at AS createdat, (SELECT COUNT(*) FROM group_members m WHERE m.group_id = g.id) AS membercount " +
        "FROM user_groups g";

    public async Task<bool> CreateAsync(string id, string name, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await database.OpenAsync(cancellationToken);
            await using var tx = await database.BeginWriteAsync(db, [WriteScope.Groups], cancellationToken);
            if (await IsTakenAsync(db, tx, GroupNameRule.Key(name), null, cancellationToken))
            {
                return false;
            }

            await db.ExecuteAsync(Command("INSERT INTO user_groups (id, name, name_key, created_at) VALUES (@id, @name, @key, @at)",
                new { id, name, key = GroupNameRule.Key(name), at = createdAt.ToUnixTimeMilliseconds() }, cancellationToken, tx));
            await tx.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbException e) when (DatabaseFaults.IsUniqueViolation(e))
        {
            return false;   // the backstop: the Groups scope makes the check above exact; the unique index answers the same
        }
    }

    public Task<GroupRecord?> FindByNameAsync(string name, CancellationToken cancellationToken) =>
        SingleAsync($"{Select} WHERE g.name_key = @key", new { key = GroupNameRule.Key(name) }, cancellationToken);

    public Task<GroupRecord?> FindByIdAsync(string groupId, CancellationToken cancellationToken) =>
        SingleAsync($"{Select} WHERE g.id = @groupId", new { groupId }, cancellationToken);

    public Task<IReadOnlyList<GroupRecord>> ListAsync(CancellationToken cancellationToken) =>
        ListAsync($"{Select} ORDER BY g.name_key", null, cancellationToken);

    public Task<IReadOnlyList<GroupRecord>> ListForUserAsync(string userId, CancellationToken cancellationToken) =>
        ListAsync($"{Select} JOIN group_members me ON me.group_id = g.id AND me.user_id = @userId ORDER BY g.name_key", new { userId },
            cancellationToken);

    public async Task<IReadOnlyList<string>> GroupIdsOfAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var ids = await db.QueryAsync<string>(Command("SELECT group_id FROM group_members WHERE user_id = @userId", new { userId },
            cancellationToken));
        return ids.ToList();
    }

    public async Task<bool> RenameAsync(string groupId, string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await database.OpenAsync(cancellationToken);
            await using var tx = await database.BeginWriteAsync(db, [WriteScope.Groups], cancellationToken);
            if (await IsTakenAsync(db, tx, GroupNameRule.Key(name), groupId, cancellationToken))
            {
                return false;
            }

            await db.ExecuteAsync(Command("UPDATE user_groups SET name = @name, name_key = @key WHERE id = @groupId",
                new { groupId, name, key = GroupNameRule.Key(name) }, cancellationToken, tx));
            await tx.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbException e) when (DatabaseFaults.IsUniqueViolation(e))
        {
            return false;   // the backstop: the Groups scope makes the check above exact; the unique index answers the same
        }
    }

    public async Task<bool> DeleteAsync(string groupId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(Command("DELETE FROM user_groups WHERE id = @groupId", new { groupId }, cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<GroupMember>> ListMembersAsync(string groupId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        var rows = await db.QueryAsync<MemberRow>(Command(
            """
            SELECT u.id AS userid, u.username, m.added_at AS addedat FROM group_members m JOIN users u ON u.id = m.user_id
            WHERE m.group_id = @groupId ORDER BY u.username_key
            """, new { groupId }, cancellationToken));
        return rows.Select(r => new GroupMember(r.UserId, r.Username, DateTimeOffset.FromUnixTimeMilliseconds(r.AddedAt))).ToList();
    }

    public async Task<bool> AddMemberAsync(string groupId, string userId, DateTimeOffset addedAt, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        // ON CONFLICT DO NOTHING: SQLite ≥ 3.24 and PostgreSQL ≥ 9.5 both have it.
        return await db.ExecuteAsync(Command(
            "INSERT INTO group_members (group_id, user_id, added_at) VALUES (@groupId, @userId, @at) ON CONFLICT (group_id, user_id) DO NOTHING",
            new { groupId, userId, at = addedAt.ToUnixTimeMilliseconds() }, cancellationToken)) > 0;
    }

    public async Task<bool> RemoveMemberAsync(string groupId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(Command("DELETE FROM group_members WHERE group_id = @groupId AND user_id = @userId",
            new { groupId, userId }, cancellationToken)) > 0;
    }

    private static async Task<bool> IsTakenAsync(DbConnection db, DbTransaction tx, string key, string? exceptId, CancellationToken cancellationToken) =>
        await db.ExecuteScalarAsync<int>(Command(
            "SELECT COUNT(*) FROM user_groups WHERE name_key = @key AND (@exceptId IS NULL OR id <> @exceptId)",
            new { key, exceptId }, cancellationToken, tx)) > 0;

    private async Task<GroupRecord?> SingleAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return (await db.QuerySingleOrDefaultAsync<GroupRow>(Command(sql, parameters, cancellationToken)))?.ToRecord();
    }

    private async Task<IReadOnlyList<GroupRecord>> ListAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return (await db.QueryAsync<GroupRow>(Command(sql, parameters, cancellationToken))).Select(r => r.ToRecord()).ToList();
    }

    private static CommandDefinition Command(string sql, object? parameters, CancellationToken cancellationToken, DbTransaction? tx = null) =>
        new(sql, parameters, tx, cancellationToken: cancellationToken);

    private sealed class GroupRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public long CreatedAt { get; set; }
        public long MemberCount { get; set; }

        public GroupRecord ToRecord() => new(Id, Name, DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt), (int)MemberCount);
    }

    private sealed class MemberRow
    {
        public string UserId { get; set; } = "";
        public string Username { get; set; } = "";
        public long AddedAt { get; set; }
    }
}

using Dapper;
using Depot.Core.Data;

namespace Depot.Core.Favourites;

/// <summary>The rows of <c>favourites</c> (migration 0024) and the recent-files query, in portable SQL over <see cref="IDatabase"/>.</summary>
public sealed class SqlFavouriteStore(IDatabase database)
{
    /// <summary>Stars a node for a user; starring it again changes nothing.</summary>
    public async Task AddAsync(string userId, string nodeId, long now, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        await db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO favourites (user_id, node_id, created_at) VALUES (@userId, @nodeId, @now) ON CONFLICT (user_id, node_id) DO NOTHING",
            new { userId, nodeId, now }, cancellationToken: cancellationToken));
    }

    /// <summary>Removes a star; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string userId, string nodeId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return await db.ExecuteAsync(new CommandDefinition(
            "DELETE FROM favourites WHERE user_id = @userId AND node_id = @nodeId", new { userId, nodeId }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The user's starred node ids, most recently starred first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return (await db.QueryAsync<string>(new CommandDefinition(
            "SELECT node_id FROM favourites WHERE user_id = @userId ORDER BY created_at DESC, node_id", new { userId },
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// Ids of the user's files not marked trashed, newest modification first (index nodes_owner_recent). A file inside a
    /// trashed folder is not marked itself: the caller checks each is live.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecentFilesAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await database.OpenAsync(cancellationToken);
        return (await db.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM nodes WHERE owner_id = @userId AND kind = 1 AND trashed_at IS NULL ORDER BY modified_at DESC, id LIMIT @limit",
            new { userId, limit }, cancellationToken: cancellationToken))).AsList();
    }
}

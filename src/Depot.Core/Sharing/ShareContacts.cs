using Dapper;
using Depot.Core.Access;
using Depot.Core.Data;
using Depot.Protocol;

namespace Depot.Core.Sharing;

/// <summary>
/// Names to suggest in the share dialog: only people the caller already has to do with — those the caller shares with,
/// those who share with the caller (directly or through a group), and members of the caller's groups. There is no
/// directory of all accounts for non-admins (deliberate privacy); this never names anyone else, nor disabled accounts.
/// </summary>
public sealed class ShareContacts(IDatabase database)
{
    public const int MaxQueryLength = 64;
    public const int MaxResults = 20;

    private const string Sql =
        "SELECT u.username FROM users u WHERE u.id <> @me AND u.disabled = 0 AND u.username_key LIKE @pattern ESCAPE '\\' AND u.id IN (" +
        "SELECT s.grantee_id FROM shares s WHERE s.grantee_kind = 0 AND (s.owner_id = @me OR s.created_by = @me) " +
        "UNION SELECT s.owner_id FROM shares s WHERE s.grantee_kind = 0 AND s.grantee_id = @me " +
        "UNION SELECT s.owner_id FROM shares s JOIN group_members g ON s.grantee_kind = 1 AND s.grantee_id = g.group_id WHERE g.user_id = @me " +
        "UNION SELECT o.user_id FROM group_members m JOIN group_members o ON o.group_id = m.group_id WHERE m.user_id = @me) " +
        "ORDER BY u.username_key LIMIT @limit";

    /// <summary>Up to <see cref="MaxResults"/> user names containing <paramref name="query"/> (any case), in name order.</summary>
    public async Task<Result<IReadOnlyList<string>>> SuggestAsync(Caller caller, string? query, CancellationToken cancellationToken)
    {
        if (AccessPolicy.RefuseLink(caller) is { } linkOnly)
        {
            return linkOnly;
        }

        var q = query?.Trim() ?? "";
        if (q.Length is 0 or > MaxQueryLength)
        {
            return Result<IReadOnlyList<string>>.Fail(ErrorCodes.InvalidRequest, $"q must be 1 to {MaxQueryLength} characters.");
        }

        // LIKE's wildcards in the query are literal: escape them (and the escape character itself).
        var pattern = "%" + q.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        await using var db = await database.OpenAsync(cancellationToken);
        var names = await db.QueryAsync<string>(new CommandDefinition(Sql, new { me = caller.UserId, pattern, limit = MaxResults },
            cancellationToken: cancellationToken));
        return Result<IReadOnlyList<string>>.Ok(names.AsList());
    }
}

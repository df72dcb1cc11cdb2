namespace Depot.Core.Files;

/// <summary>
/// The two counters every upload of a group commit bumps, its folder's revision and modified time and its owner's used
/// bytes, summed over the batch and written once each at its commit (<see cref="SqlFileSession"/> in a grouped session).
/// <para>
/// Why: sixteen uploads into one folder updated the same folder row and the same user row sixteen times in one
/// transaction. On PostgreSQL each update made a new version of the row, each in its own subtransaction (the pieces'
/// savepoints), and every piece's foreign-key check then locked the latest one again: the two updates and the node insert
/// after them were a third of the statement time of a 4 KiB upload (pg_stat_statements, bench/README.md, "Issue 10: one
/// update per batch"). The rows end as they did: revision up by one per touch, modified time the last touch's, used
/// bytes the sum (floored at zero once, where each update floored it).
/// </para>
/// <para>
/// Reads in the same session add what is pending (<see cref="PendingUsedBytes"/>), so a later piece's quota check sees
/// the earlier pieces' bytes as before. A piece that rolls back to its savepoint drops its own entries.
/// </para>
/// </summary>
internal sealed class BatchedCounters
{
    private readonly List<(string FolderId, long Now)> _touches = [];
    private readonly List<(string UserId, long Delta)> _usage = [];
    private (int Touches, int Usage) _mark;

    public bool IsEmpty => _touches.Count == 0 && _usage.Count == 0;

    public void Touch(string folderId, long now) => _touches.Add((folderId, now));

    public void AddUsedBytes(string userId, long delta) => _usage.Add((userId, delta));

    /// <summary>What this batch has added to <paramref name="userId"/>'s used bytes and not yet written.</summary>
    public long PendingUsedBytes(string userId)
    {
        var sum = 0L;
        foreach (var (user, delta) in _usage)
        {
            if (string.Equals(user, userId, StringComparison.Ordinal))
            {
                sum += delta;
            }
        }

        return sum;
    }

    /// <summary>Where the open savepoint began.</summary>
    public void Mark() => _mark = (_touches.Count, _usage.Count);

    public void RollBackToMark()
    {
        _touches.RemoveRange(_mark.Touches, _touches.Count - _mark.Touches);
        _usage.RemoveRange(_mark.Usage, _usage.Count - _mark.Usage);
    }

    /// <summary>Each folder touched: how many times (its revision moves by that) and its last touch's time.</summary>
    public List<(string FolderId, long Count, long ModifiedAt)> Touches() =>
        [.. _touches.GroupBy(t => t.FolderId, StringComparer.Ordinal).Select(g => (g.Key, (long)g.Count(), g.Last().Now))];

    /// <summary>
    /// The updates, users then folders, each in id order (so two batches that share a row take its lock in the same
    /// order), and forgets them.
    /// </summary>
    public List<(string Sql, object Parameters)> TakeStatements()
    {
        var statements = new List<(string, object)>();
        foreach (var user in _usage.GroupBy(u => u.UserId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var delta = user.Sum(u => u.Delta);
            if (delta != 0)
            {
                statements.Add((SqlFileSession.AddUsedBytesSql, new { userId = user.Key, delta }));
            }
        }

        foreach (var (folderId, count, now) in Touches().OrderBy(t => t.FolderId, StringComparer.Ordinal))
        {
            statements.Add((TouchManySql, new { folderId, count, now }));
        }

        _touches.Clear();
        _usage.Clear();
        _mark = (0, 0);
        return statements;
    }

    private const string TouchManySql = "UPDATE nodes SET revision = revision + @count, modified_at = @now WHERE id = @folderId";
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Depot.Protocol;

namespace Depot.Core.Changes;

/// <summary>
/// A position in one user's change feed as clients see it: <c>{seq}-{tag}</c>, where the tag is 12 hex digits of
/// SHA-256 over the user's id. Opaque to clients; the tag lets a cursor passed to another account's feed be refused
/// as such instead of silently meaning a different position there. It reveals nothing a user id would not.
/// </summary>
public static class ChangeCursor
{
    public static string Encode(string userId, long seq) => string.Create(CultureInfo.InvariantCulture, $"{seq}-{Tag(userId)}");

    /// <summary>The seq of a cursor of <paramref name="userId"/>'s feed, or <c>invalid_cursor</c>.</summary>
    public static Result<long> Decode(string userId, string cursor)
    {
        var dash = cursor.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !long.TryParse(cursor.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return Result<long>.Fail(ErrorCodes.InvalidCursor, "The cursor is not one this server handed out; start again without a cursor.");
        }

        return cursor.AsSpan(dash + 1).SequenceEqual(Tag(userId))
            ? seq
            : Result<long>.Fail(ErrorCodes.InvalidCursor, "The cursor belongs to another account's change feed; start again without a cursor.");
    }

    private static string Tag(string userId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("depot-changes:" + userId)).AsSpan(0, 6));
}

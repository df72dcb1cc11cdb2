using Depot.Protocol;

namespace Depot.Core.Files;

/// <summary>
/// The conditions of a write (RFC 9110 §13.1.1–2), parsed from <c>If-Match</c> and <c>If-None-Match</c> by the
/// adapter and evaluated by the core inside the write transaction, so two writers holding the same ETag can
/// never both win. A list holds entity-tags as sent (<c>"abc"</c>, <c>W/"abc"</c>) or the single entry <c>*</c>.
/// A null list means the header was absent.
/// </summary>
public sealed record WritePreconditions(IReadOnlyList<string>? IfMatch, IReadOnlyList<string>? IfNoneMatch)
{
    public static WritePreconditions None { get; } = new(null, null);

    /// <summary>Parses the raw header values (several header lines joined with ","); malformed → invalid_request.</summary>
    public static Result<WritePreconditions> Parse(string? ifMatch, string? ifNoneMatch)
    {
        var match = ParseList(ifMatch, "If-Match");
        if (!match.IsSuccess)
        {
            return match.Error;
        }

        var noneMatch = ParseList(ifNoneMatch, "If-None-Match");
        return noneMatch.IsSuccess ? new WritePreconditions(match.Value, noneMatch.Value) : noneMatch.Error;
    }

    /// <summary>
    /// Whether a write may proceed given the target's current strong ETag (null when the target does not exist).
    /// If-Match uses the strong comparison, If-None-Match the weak one, as RFC 9110 requires.
    /// </summary>
    public bool IsSatisfiedBy(string? currentETag)
    {
        if (IfMatch is not null && (currentETag is null || !IfMatch.Any(tag => tag == "*" || tag == currentETag)))
        {
            return false;
        }

        return IfNoneMatch is null || currentETag is null
            || !IfNoneMatch.Any(tag => tag == "*" || WeakEquals(tag, currentETag));
    }

    private static bool WeakEquals(string a, string b) =>
        string.Equals(a.StartsWith("W/", StringComparison.Ordinal) ? a[2..] : a,
            b.StartsWith("W/", StringComparison.Ordinal) ? b[2..] : b, StringComparison.Ordinal);

    private static Result<IReadOnlyList<string>?> ParseList(string? header, string name)
    {
        if (header is null)
        {
            return Result<IReadOnlyList<string>?>.Ok(null);
        }

        var trimmed = header.Trim();
        if (trimmed == "*")
        {
            return Result<IReadOnlyList<string>?>.Ok(["*"]);
        }

        var tags = new List<string>();
        var rest = trimmed.AsSpan();
        while (true)
        {
            rest = rest.TrimStart(" \t,");
            if (rest.IsEmpty)
            {
                break;
            }

            // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc excludes DQUOTE, so the next quote closes the tag.
            var prefix = rest.StartsWith("W/") ? 2 : 0;
            var close = rest.Length > prefix + 1 && rest[prefix] == '"' ? rest[(prefix + 1)..].IndexOf('"') : -1;
            if (close < 0)
            {
                return Result<IReadOnlyList<string>?>.Fail(ErrorCodes.InvalidRequest,
                    $"{name} must be '*' or a list of quoted entity-tags, like \"abc\".");
            }

            var end = prefix + close + 2;
            tags.Add(rest[..end].ToString());
            rest = rest[end..];
            if (!rest.IsEmpty && rest[0] is not (',' or ' ' or '\t'))
            {
                return Result<IReadOnlyList<string>?>.Fail(ErrorCodes.InvalidRequest, $"{name} has text after an entity-tag.");
            }
        }

        return tags.Count == 0
            ? Result<IReadOnlyList<string>?>.Fail(ErrorCodes.InvalidRequest, $"{name} is empty.")
            : Result<IReadOnlyList<string>?>.Ok(tags);
    }
}

namespace Depot.Server.Dav.Locks;

/// <summary>
/// The WebDAV <c>If</c> header (RFC 4918 §10.4): lists of conditions, optionally tagged with the resource they are
/// about. A condition is a state token (<c>&lt;urn:uuid:…&gt;</c>) or an entity-tag (<c>["…"]</c>), optionally
/// negated with <c>Not</c>. The header holds when any list holds; a list holds when all its conditions do.
/// </summary>
internal sealed record IfHeader(IReadOnlyList<IfList> Lists)
{
    /// <summary>Every state token the header mentions outside a Not: the lock tokens the request submits (§7.4).</summary>
    public IReadOnlyCollection<string> SubmittedTokens =>
        [.. Lists.SelectMany(l => l.Conditions).Where(c => c is { Not: false, Token: not null }).Select(c => c.Token!).Distinct(StringComparer.Ordinal)];

    /// <summary>Parses the header value; null when it is malformed (answer 400).</summary>
    public static IfHeader? Parse(string value)
    {
        var lists = new List<IfList>();
        string? tag = null;
        var tagged = (bool?)null;
        var i = 0;
        while (true)
        {
            SkipSpace(value, ref i);
            if (i >= value.Length)
            {
                return lists.Count > 0 && (tag is null || lists[^1].Resource == tag) ? new IfHeader(lists) : null;
            }

            if (value[i] == '<')
            {
                // A resource tag; a header is either all tagged or all untagged.
                if (tagged == false || ReadUntil(value, ref i, '>') is not { } resource)
                {
                    return null;
                }

                tagged = true;
                tag = resource;
                continue;
            }

            if (value[i] != '(' || (tagged == true && tag is null))
            {
                return null;
            }

            tagged ??= false;
            i++;
            var conditions = ReadConditions(value, ref i);
            if (conditions is null)
            {
                return null;
            }

            lists.Add(new IfList(tag, conditions));
        }
    }

    private static List<IfCondition>? ReadConditions(string value, ref int i)
    {
        var conditions = new List<IfCondition>();
        while (true)
        {
            SkipSpace(value, ref i);
            if (i >= value.Length)
            {
                return null;
            }

            if (value[i] == ')')
            {
                i++;
                return conditions.Count > 0 ? conditions : null;
            }

            var not = false;
            if (string.Compare(value, i, "Not", 0, 3, StringComparison.OrdinalIgnoreCase) == 0)
            {
                not = true;
                i += 3;
                SkipSpace(value, ref i);
            }

            if (i < value.Length && value[i] == '<' && ReadUntil(value, ref i, '>') is { } token)
            {
                conditions.Add(new IfCondition(not, token, null));
            }
            else if (i < value.Length && value[i] == '[' && ReadETag(value, ref i) is { } etag)
            {
                conditions.Add(new IfCondition(not, null, etag));
            }
            else
            {
                return null;
            }
        }
    }

    /// <summary>Reads <c>&lt;…&gt;</c> at <paramref name="i"/>, returning the inside.</summary>
    private static string? ReadUntil(string value, ref int i, char close)
    {
        var end = value.IndexOf(close, i + 1);
        if (end < 0)
        {
            return null;
        }

        var inside = value[(i + 1)..end];
        i = end + 1;
        return inside.Length > 0 ? inside : null;
    }

    /// <summary>Reads <c>[W/"…"]</c>: the entity-tag is quoted, and may itself contain ']'.</summary>
    private static string? ReadETag(string value, ref int i)
    {
        var start = i + 1;
        var quote = value.IndexOf('"', start);
        var prefix = quote < 0 ? "" : value[start..quote];
        if (prefix is not ("" or "W/"))
        {
            return null;
        }

        var closeQuote = value.IndexOf('"', quote + 1);
        if (closeQuote < 0 || closeQuote + 1 >= value.Length || value[closeQuote + 1] != ']')
        {
            return null;
        }

        i = closeQuote + 2;
        return value[start..(closeQuote + 1)];
    }

    private static void SkipSpace(string value, ref int i)
    {
        while (i < value.Length && value[i] is ' ' or '\t' or '\r' or '\n')
        {
            i++;
        }
    }
}

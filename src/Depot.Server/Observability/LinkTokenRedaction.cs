namespace Depot.Server.Observability;

/// <summary>
/// A public link's token is its only secret, and it sits in the path (<c>/s/{token}/…</c>): log lines and scopes carry
/// <c>/s/[link]/…</c> instead, so whoever reads the logs cannot open the owner's links.
/// </summary>
internal static class LinkTokenRedaction
{
    private const string Prefix = "/s/";
    private const string Placeholder = "[link]";

    /// <summary><paramref name="path"/> with the segment after a leading <c>/s/</c> replaced (the rest of the path stays, for debugging).</summary>
    public static string Redact(string path)
    {
        if (!path.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || path.Length == Prefix.Length)
        {
            return path;
        }

        var end = path.IndexOf('/', Prefix.Length);
        return string.Concat(path.AsSpan(0, Prefix.Length), Placeholder, end < 0 ? "" : path.AsSpan(end));
    }
}
